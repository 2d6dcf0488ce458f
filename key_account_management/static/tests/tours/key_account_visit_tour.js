import { registry } from "@web/core/registry";

// Right after a visit, a rep logs it: the customer, what was reached, how the
// customer felt, who was there, a remark. Everything else has a default
// (now, a visit, neutral). The same steps run at desktop and at phone size.
registry.category("web_tour.tours").add("key_account_visit_tour", {
    url: "/odoo/action-key_account_management.key_account_visit_action",
    steps: () => [
        {
            content: "Log a new contact",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new, .o_control_panel_main_buttons button.o_list_button_add",
            run: "click",
        },
        {
            content: "The customer",
            trigger: ".o_field_widget[name=account_id] input",
            run: "edit Tour Power Plant",
            isActive: ["desktop"],
        },
        {
            content: "Pick the account",
            trigger: ".o_field_widget[name=account_id] .o-autocomplete--dropdown-item:contains('Tour Power Plant')",
            run: "click",
            isActive: ["desktop"],
        },
        // A phone picks the account in a dialog.
        {
            content: "Open the account search",
            trigger: ".o_field_widget[name=account_id] input",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "Pick the account",
            trigger: ".modal .o_kanban_record:contains('Tour Power Plant'), .modal .o_data_row:contains('Tour Power Plant')",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The account is set",
            trigger: ".o_field_widget[name=account_id] input:value(Tour Power Plant)",
        },
        {
            content: "The customer was warm",
            trigger: ".o_field_widget[name=customer_attitude] input[data-value=warm]",
            run: "click",
        },
        {
            content: "Add the person met",
            trigger: ".o_field_widget[name=attendee_ids] .o_field_x2many_list_row_add a",
            run: "click",
            isActive: ["desktop"],
        },
        {
            content: "Add the person met: a card on a phone",
            trigger: ".o_field_widget[name=attendee_ids] .o-kanban-button-new",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The chief engineer",
            trigger: ".o_field_widget[name=attendee_ids] .o_selected_row .o_field_widget[name=partner_id] input",
            run: "edit Tour Chief",
            isActive: ["desktop"],
        },
        {
            content: "Pick the person",
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item:contains('Tour Chief Engineer')",
            run: "click",
            isActive: ["desktop"],
        },
        {
            content: "Open the people search",
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "Pick the person",
            trigger: ".modal .o_kanban_record:contains('Tour Chief Engineer'), .modal .o_data_row:contains('Tour Chief Engineer')",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The person is chosen",
            trigger: ".modal .o_field_widget[name=partner_id] input:value(Tour Chief Engineer)",
            isActive: ["mobile"],
        },
        {
            content: "Save the person met",
            trigger: ".modal .o_form_button_save",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The person is on a card",
            trigger: ".o_field_widget[name=attendee_ids] .o_kanban_record:contains('Tour Chief Engineer')",
            isActive: ["mobile"],
        },
        {
            content: "The person is on the line",
            trigger: ".o_field_widget[name=attendee_ids] .o_selected_row .o_field_widget[name=partner_id] input:value(Tour Chief Engineer)",
            isActive: ["desktop"],
        },
        {
            content: "A remark",
            trigger: ".o_field_widget[name=note] textarea",
            run: "edit Wants a quote for two turbines",
        },
        {
            content: "We demonstrated the product",
            trigger: ".o_field_widget[name=progress] button[data-value=demonstration]",
            run: "click",
            isActive: ["desktop"],
        },
        // (a clickable status bar saves the record by itself)
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "Saved, with its follow-up scheduled",
            trigger: ".o_form_saved",
        },
    ],
});
