import { registry } from "@web/core/registry";

// 客户分析: a rep on their phone opens a key account, reads its analysis
// (the points its customer type cares about, its installed base), records a
// competitor's units seen on site and opens a deal from a predicted need.
registry.category("web_tour.tours").add("key_account_analysis_tour", {
    url: "/odoo/action-key_account_management.res_partner_action_key_accounts",
    steps: () => [
        {
            content: "Open the account",
            trigger: ".o_kanban_record:contains('Tour Water Works'), .o_data_row:contains('Tour Water Works') td.o_data_cell:first",
            run: "click",
        },
        {
            content: "Its analysis",
            trigger: ".o_notebook .nav-link:contains('Analysis')",
            run: "click",
        },
        {
            content: "What a government customer cares about",
            trigger: ".o_field_widget[name=kam_focus_point_ids]:contains('Service policy')",
        },
        {
            content: "The competitor's pumps due for replacement are a predicted need",
            trigger: ".o_field_widget[name=kam_predicted_need_ids] .o_kanban_record:contains('Tour Rival Pumps'), .o_field_widget[name=kam_predicted_need_ids] .o_data_row:contains('Tour Rival Pumps')",
        },
        {
            content: "Record units seen on site",
            trigger: ".o_field_widget[name=kam_installed_unit_ids] .o_cp_buttons button, .o_field_widget[name=kam_installed_unit_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Their brand",
            trigger: ".modal .o_field_widget[name=brand_id] input",
            run: "edit Tour Other Brand",
        },
        {
            content: "Pick it (a dropdown on a desktop, a search dialog on a phone)",
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Other Brand'), .modal .o_data_row:contains('Tour Other Brand') .o_data_cell, .modal .o_kanban_record:contains('Tour Other Brand')",
            run: "click",
        },
        {
            content: "The model",
            trigger: ".modal .o_field_widget[name=model_name] input",
            run: "edit OB-300",
        },
        {
            content: "How many",
            trigger: ".modal .o_field_widget[name=quantity] input",
            run: "edit 5",
        },
        {
            content: "Save the units",
            trigger: ".modal .o_form_button_save:visible",
            run: "click",
        },
        {
            content: "They are in the installed base",
            trigger: ".o_field_widget[name=kam_installed_unit_ids] .o_kanban_record:contains('OB-300'), .o_field_widget[name=kam_installed_unit_ids] .o_data_row:contains('OB-300')",
        },
        {
            content: "Save the account",
            trigger: ".o_form_button_save:visible",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Open a deal for the pumps due",
            trigger: ".o_field_widget[name=kam_predicted_need_ids] .o_kanban_record:contains('Tour Rival Pumps') button[name=action_open_deal], .o_field_widget[name=kam_predicted_need_ids] .o_data_row:contains('Tour Rival Pumps') button[name=action_open_deal]",
            run: "click",
        },
        {
            content: "The replacement deal opens",
            trigger: ".o_form_view .o_field_widget[name=expected_revenue]",
        },
    ],
});
