import { registry } from "@web/core/registry";

// 流失预警: a rep on their phone opens the "Account at risk" activity from
// the systray, reads the account's next best action in its Health tab and
// plans the suggested visit with the person it names.
registry.category("web_tour.tours").add("key_account_health_tour", {
    url: "/odoo/action-key_account_management.key_account_visit_action",
    steps: () => [
        {
            content: "Open the activities",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "The account's activity",
            trigger: ".o-mail-ActivityGroup[data-model_name='res.partner']",
            run: "click",
        },
        {
            content: "Open the account at risk",
            trigger: ".o_kanban_record:contains('Tour Steel Mill'), .o_data_row:contains('Tour Steel Mill') td.o_data_cell:first",
            run: "click",
        },
        {
            content: "Its health",
            trigger: ".o_notebook .nav-link:contains('Health')",
            run: "click",
        },
        {
            content: "At risk",
            trigger: ".o_field_widget[name=kam_health_state]:contains('At Risk')",
        },
        {
            content: "The next best action names the person to meet",
            trigger: ".o_field_widget[name=kam_next_action]:contains('Tour Economic Buyer')",
        },
        {
            content: "The factors say what is behind their scores",
            trigger:
                ".o_field_widget[name=kam_health_line_ids] .o_kanban_record:contains('Contact Frequency'):contains('Days since the last contact')",
        },
        {
            content: "Plan it",
            trigger: "button[name=action_kam_next_action]:visible",
            run: "click",
        },
        {
            content: "The meeting is with the economic buyer",
            trigger: ".o_form_view .o_field_widget[name=partner_ids]:contains('Tour Economic Buyer')",
        },
        {
            content: "Save the meeting",
            trigger: ".o_form_button_save:visible",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
