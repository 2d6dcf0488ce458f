import { registry } from "@web/core/registry";

// A key-account manager opens the settings: a dialog, with the shipped
// revisit template as the default, the health weights edited in the factor
// table, saved with its button.
registry.category("web_tour.tours").add("key_account_settings_tour", {
    steps: () => [
        {
            content: "The settings open in a dialog, not as a new record",
            trigger: ".modal .o_form_view:not(:has(.o_form_status_indicator_buttons))",
        },
        {
            content: "The default revisit template is the shipped one",
            trigger: ".modal .o_field_widget[name='kam_revisit_template_id'] input:value(Half-monthly for 3 months, then monthly)",
        },
        {
            content: "Change when a deal is stalled",
            trigger: ".modal .o_field_widget[name='kam_stalled_days'] input",
            run: "edit 45",
        },
        {
            content: "The health weights are the factors themselves: contact weighs more",
            trigger:
                ".modal .o_field_widget[name='health_factor_ids'] .o_data_row:contains('Contact Frequency') td[name='weight']",
            run: "click",
        },
        {
            content: "Contact frequency: 30 %",
            trigger: ".modal .o_field_widget[name='health_factor_ids'] .o_selected_row .o_field_widget[name='weight'] input",
            run: "edit 30",
        },
        {
            content: "Open problems weigh less",
            trigger:
                ".modal .o_field_widget[name='health_factor_ids'] .o_data_row:contains('Open Problems') td[name='weight']",
            run: "click",
        },
        {
            content: "The total says it is over 100 %",
            trigger: ".modal .o_field_widget[name='total_weight']:contains('105.0')",
        },
        {
            content: "Open problems: 0 %",
            trigger: ".modal .o_field_widget[name='health_factor_ids'] .o_selected_row .o_field_widget[name='weight'] input",
            run: "edit 0",
        },
        {
            content: "Leave the table",
            trigger: ".modal .o_field_widget[name='kam_health_watch_score'] input",
            run: "click",
        },
        {
            content: "The total is 100 % again",
            trigger: ".modal .o_field_widget[name='total_weight']:contains('100.0')",
        },
        {
            content: "Save",
            trigger: ".modal-footer button[name='execute']",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal .o_form_view))",
        },
    ],
});
