import { registry } from "@web/core/registry";
import { openKeyAccountsApp } from "@key_account_management/../tests/tours/key_account_tour_utils";

// A rep opens their deal, creates a new person of the account from the
// buying centre, gives them a role and a weight, and saves: the figures of
// the deal follow. The same steps run at desktop and at phone size.
registry.category("web_tour.tours").add("key_account_buying_centre_tour", {
    url: "/odoo",
    steps: () => [
        ...openKeyAccountsApp(),
        {
            content: "Open the rep's deal",
            trigger: ".o_kanban_record:contains('Tour turbine retrofit')",
            run: "click",
        },
        {
            content: "Open the buying centre",
            trigger: ".o_notebook .nav-link:contains('Buying Centre')",
            run: "click",
        },
        {
            content: "The deal has no one yet",
            trigger: ".o_form_view .badge:contains('No coach')",
        },
        {
            content: "Add a person",
            trigger: ".o_field_widget[name=buying_role_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Type a new person's name",
            trigger: ".o_field_widget[name=buying_role_ids] .o_selected_row .o_field_widget[name=partner_id] input",
            run: "edit Tour Chief Engineer",
            isActive: ["desktop"],
        },
        {
            content: "Create the person under the account",
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-menu .o_m2o_dropdown_option_create a",
            run: "click",
            isActive: ["desktop"],
        },
        // A phone searches contacts in a dialog, whose "New" opens a form.
        {
            content: "Search a contact",
            trigger: ".o_field_widget[name=buying_role_ids] .o_selected_row .o_field_widget[name=partner_id] input",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "Create a new person",
            trigger: ".modal .modal-footer button:contains('New')",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "Their name",
            trigger: ".modal .o_form_view .o_field_widget[name=name] input",
            run: "edit Tour Chief Engineer",
            isActive: ["mobile"],
        },
        {
            content: "Save the person",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The person is on the line",
            trigger: ".o_field_widget[name=buying_role_ids] .o_selected_row .o_field_widget[name=partner_id] input:value(Tour Chief Engineer)",
            isActive: ["mobile"],
        },
        {
            content: "The technical buyer",
            trigger: ".o_field_widget[name=buying_role_ids] .o_selected_row .o_field_widget[name=role] select",
            run: "selectByLabel Technical Buyer",
        },
        {
            content: "Weighs 40 % of the decision",
            trigger: ".o_field_widget[name=buying_role_ids] .o_selected_row .o_field_widget[name=weight] input",
            run: "edit 40",
        },
        {
            content: "Save the deal",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the person is in the buying centre",
            trigger: ".o_form_saved .o_field_widget[name=buying_role_ids] .o_data_row:contains('Tour Chief Engineer'):contains('Technical Buyer')",
        },
        {
            content: "The completeness follows",
            trigger: ".o_form_view .o_field_widget[name=buying_centre_completeness]:contains('40')",
        },
    ],
});
