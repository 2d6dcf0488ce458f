import { registry } from "@web/core/registry";

// 项目开发计划书: a manager opens a key account and builds its plan from the
// account's analysis (the objectives and the people to win over are
// proposed), sets a target, writes the solution and agrees the plan.
registry.category("web_tour.tours").add("key_account_plan_build_tour", {
    url: "/odoo/action-key_account_management.res_partner_action_key_accounts",
    steps: () => [
        {
            content: "Open the account",
            trigger: ".o_data_row:contains('Tour Harbour Group') td.o_data_cell:first, .o_kanban_record:contains('Tour Harbour Group')",
            run: "click",
        },
        {
            content: "Its analysis",
            trigger: ".o_notebook .nav-link:contains('Analysis')",
            run: "click",
        },
        {
            content: "Its account plans",
            trigger: "div[name=kam_plan] button[name=action_kam_view_plans]",
            run: "click",
        },
        {
            content: "None yet: a new one",
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            content: "The objectives",
            trigger: ".o_notebook .nav-link:contains('Objectives')",
            run: "click",
        },
        {
            content: "The objectives are proposed from the analysis",
            trigger: ".o_field_widget[name=objective_ids] .o_data_row:contains('Replacements won')",
        },
        {
            content: "Set the revenue target",
            trigger: ".o_field_widget[name=objective_ids] .o_data_row:contains('Revenue invoiced') td[name=target]",
            run: "click",
        },
        {
            content: "Eight hundred thousand",
            trigger: ".o_field_widget[name=objective_ids] .o_selected_row td[name=target] input",
            run: "edit 800000",
        },
        {
            content: "The people to win over",
            trigger: ".o_notebook .nav-link:contains('Relationship Goals')",
            run: "click",
        },
        {
            content: "The chief engineer is not a supporter yet",
            trigger: ".o_field_widget[name=relationship_ids] .o_data_row:contains('Tour Chief Engineer')",
        },
        {
            content: "The situation, read from the analysis",
            trigger: ".o_notebook .nav-link:contains('Situation')",
            run: "click",
        },
        {
            content: "A group company",
            trigger: ".o_field_widget[name=customer_type]:contains('Group Company')",
        },
        {
            content: "Our solution",
            trigger: ".o_field_widget[name=strategy] .odoo-editor-editable",
            run: "editor Automate the second terminal",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_button_save:visible",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Agree it with the account team",
            trigger: "button[name=action_agree]",
            run: "click",
        },
        {
            content: "In force",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In Force')",
        },
    ],
});

// 业务沟通会: a rep on their phone opens the plan of their account and
// records the minutes of a review with the customer.
registry.category("web_tour.tours").add("key_account_plan_review_tour", {
    url: "/odoo/action-key_account_management.key_account_plan_action",
    steps: () => [
        {
            content: "Open the plan",
            trigger: ".o_kanban_record:contains('Tour Harbour Group'), .o_data_row:contains('Tour Harbour Group') td.o_data_cell:first",
            run: "click",
        },
        {
            content: "Its reviews",
            trigger: ".o_notebook .nav-link:contains('Reviews')",
            run: "click",
        },
        {
            content: "Record a review",
            trigger: ".o_field_widget[name=review_ids] .o_cp_buttons button, .o_field_widget[name=review_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "What was decided",
            trigger: ".modal .o_field_widget[name=decisions] textarea",
            run: "edit Pilot the second terminal in May",
        },
        {
            content: "The problems raised",
            trigger: ".modal .o_field_widget[name=problems] textarea",
            run: "edit Spare parts arrive late",
        },
        {
            content: "Keep the minutes",
            trigger: ".modal .o_form_button_save:visible",
            run: "click",
        },
        {
            content: "The review is on the plan",
            trigger: ".o_field_widget[name=review_ids] .o_data_row:contains('Pilot the second terminal'), .o_field_widget[name=review_ids] .o_kanban_record:contains('Pilot the second terminal')",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_button_save:visible",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
