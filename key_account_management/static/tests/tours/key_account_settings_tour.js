import { registry } from "@web/core/registry";

// A key-account manager opens the settings: a dialog, with the shipped
// revisit template as the default, saved with its button.
registry.category("web_tour.tours").add("key_account_settings_tour", {
    steps: () => [
        {
            content: "The settings open in a dialog, not as a new record",
            trigger: ".modal .o_form_view:not(:has(.o_form_status_indicator_buttons))",
        },
        {
            content: "The default revisit template is the shipped one",
            trigger: ".modal .o_field_widget[name='revisit_template_id'] input:value(Half-monthly for 3 months, then monthly)",
        },
        {
            content: "Change when a deal is stalled",
            trigger: ".modal .o_field_widget[name='kam_stalled_days'] input",
            run: "edit 45",
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
