import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A rep opens the Key Accounts app, finds their deal in the first of the six
// stages, opens it and sees it is key-account business, then goes back.
// Desktop opens the apps dropdown; a phone opens the side menu's app list.
registry.category("web_tour.tours").add("key_account_pipeline_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        ...stepUtils.toggleHomeMenu(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='key_account_management.key_account_menu_root']",
            run: "click",
        },
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
