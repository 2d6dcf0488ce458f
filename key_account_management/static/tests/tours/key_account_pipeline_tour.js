import { registry } from "@web/core/registry";
import { openKeyAccountsApp } from "@key_account_management/../tests/tours/key_account_tour_utils";

// A rep opens the Key Accounts app, finds their deal in the first of the six
// stages, opens it and sees it is key-account business, then goes back.
// Desktop opens the apps dropdown; a phone opens the side menu's app list.
registry.category("web_tour.tours").add("key_account_pipeline_tour", {
    url: "/odoo",
    steps: () => [
        ...openKeyAccountsApp(),
        {
            content: "The pipeline starts with the first key-account stage",
            trigger: ".o_kanban_group .o_column_title:contains('Information & Evaluation')",
        },
        {
            content: "Open the rep's deal",
            trigger: ".o_kanban_record:contains('Tour press line')",
            run: "click",
        },
        {
            content: "The deal is marked as key-account business",
            trigger: ".o_form_view .badge:contains('Key-Account Deal')",
        },
        {
            content: "Only the key-account stages are offered, and no Won before full payment",
            trigger: ".o_statusbar_status:contains('Information & Evaluation'):not(:contains('Qualified')):not(:contains('Proposition'))",
        },
        {
            content: "No Won button: payment decides it",
            trigger: ".o_form_statusbar:not(:has(button[name='action_set_won_rainbowman']))",
        },
        {
            content: "Back to the pipeline",
            trigger: ".o_back_button, .breadcrumb-item a:contains('Key-Account Pipeline')",
            run: "click",
        },
        {
            content: "Pipeline shown again",
            trigger: ".o_kanban_record:contains('Tour press line')",
        },
    ],
});
