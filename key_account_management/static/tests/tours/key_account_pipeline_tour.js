import { registry } from "@web/core/registry";
import { openKeyAccountsApp } from "@key_account_management/../tests/tours/key_account_tour_utils";

// A rep opens the Key Accounts app, finds their deal in the first of the six
// stages, opens it and sees it is key-account business, is offered only the
// six stages, tries the next one before its key node is reached and is
// refused, the form still showing the deal's real stage; then goes back.
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
            content: "The card warns that the deal's buying centre is still to record",
            trigger: ".o_kanban_record:contains('Tour press line') .o_key_account_buying_centre_alert:contains('No buying centre')",
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
            trigger: ".o_field_statusbar > .o_statusbar_status:contains('Information & Evaluation'):not(:contains('Qualified')):not(:contains('Proposition'))",
        },
        {
            content: "No Won button: payment decides it",
            trigger: ".o_form_statusbar:not(:has(button[name='action_set_won_rainbowman']))",
        },
        // a move the gate refuses leaves the deal, and the form, where it is
        {
            content: "Try the next stage before its key node is reached",
            trigger: ".o_statusbar_status button[role=radio]:contains('Roles & Relationships')",
            run: "click",
            isActive: ["desktop"],
        },
        {
            content: "Open the stages",
            trigger: ".o_statusbar_status .dropdown-toggle:visible",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "A phone too is offered the key-account stages only",
            trigger: ".o-dropdown--menu:contains('Roles & Relationships'):not(:contains('Qualified')):not(:contains('Proposition'))",
            isActive: ["mobile"],
        },
        {
            content: "Try the next stage before its key node is reached",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Roles & Relationships')",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The gate explains what is missing",
            trigger: ".modal-body:contains('cannot move to Roles & Relationships yet')",
        },
        {
            content: "Close the message",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The form shows the deal where it really is",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Information & Evaluation')",
            isActive: ["desktop"],
        },
        {
            content: "Nothing is left unsaved",
            trigger: ".o_form_view .o_form_saved",
            isActive: ["desktop"],
        },
        {
            content: "The form shows the deal where it really is, nothing left unsaved",
            trigger: ".o_form_saved .o_statusbar_status .dropdown-toggle:visible:contains('Information & Evaluation')",
            isActive: ["mobile"],
        },
        {
            content: "Its key-node banner is the first stage's",
            trigger: ".o_form_view .alert:contains('Key node'):contains('not yet')",
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
