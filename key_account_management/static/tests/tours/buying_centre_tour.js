import { registry } from "@web/core/registry";
import { openKeyAccountsApp } from "@key_account_management/../tests/tours/key_account_tour_utils";

// A rep opens their deal, creates a new person of the account from the
// buying centre, gives them a role and a weight, and saves: the figures of
// the deal follow. A desktop edits the people in a list; a phone shows one
// card a person, edited in a dialog, where the rep also sets the attitude.
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
        // desktop: an editable list
        {
            content: "Add a person",
            trigger: ".o_field_widget[name=buying_role_ids] .o_field_x2many_list_row_add a",
            run: "click",
            isActive: ["desktop"],
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
        {
            content: "The technical buyer",
            trigger: ".o_field_widget[name=buying_role_ids] .o_selected_row .o_field_widget[name=role] select",
            run: "selectByLabel Technical Buyer",
            isActive: ["desktop"],
        },
        {
            content: "Weighs 40 % of the decision",
            trigger: ".o_field_widget[name=buying_role_ids] .o_selected_row .o_field_widget[name=weight] input",
            run: "edit 40",
            isActive: ["desktop"],
        },
        // phone: one card a person, edited in a dialog
        {
            content: "Add a person",
            trigger: ".o_field_widget[name=buying_role_ids] .o_x2m_control_panel button:contains('Add')",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The dialog names one member",
            trigger: ".modal .modal-title:contains('Create Buying-Centre Member')",
            isActive: ["mobile"],
        },
        {
            content: "A new person: their name, created with the deal when it is saved",
            trigger: ".modal .o_form_view .o_field_widget[name=new_person_name] input",
            run: "edit Tour Chief Engineer",
            isActive: ["mobile"],
        },
        {
            content: "The technical buyer",
            trigger: ".modal .o_form_view .o_field_widget[name=role] select",
            run: "selectByLabel Technical Buyer",
            isActive: ["mobile"],
        },
        {
            content: "Weighs 40 % of the decision",
            trigger: ".modal .o_form_view .o_field_widget[name=weight] input",
            run: "edit 40",
            isActive: ["mobile"],
        },
        {
            content: "Add the line",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The person's card shows their own name, role and weight",
            trigger: ".o_field_widget[name=buying_role_ids] .o_kanban_record:contains('Tour Chief Engineer'):contains('Technical Buyer'):contains('40')",
            isActive: ["mobile"],
        },
        {
            content: "Open the card",
            trigger: ".o_field_widget[name=buying_role_ids] .o_kanban_record:contains('Tour Chief Engineer')",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "They support us",
            trigger: ".modal .o_form_view .o_field_widget[name=attitude] select",
            run: "selectByLabel Supporter",
            isActive: ["mobile"],
        },
        {
            content: "Back to the card",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The card shows the attitude in its colour",
            trigger: ".o_field_widget[name=buying_role_ids] .o_kanban_record:contains('Tour Chief Engineer') .border-success:contains('Supporter')",
            isActive: ["mobile"],
        },
        {
            content: "Save the deal",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the person is in the buying centre",
            trigger: ".o_form_saved .o_field_widget[name=buying_role_ids] .o_data_row:contains('Tour Chief Engineer'):contains('Technical Buyer')",
            isActive: ["desktop"],
        },
        {
            content: "Saved: the person is in the buying centre",
            trigger: ".o_form_saved .o_field_widget[name=buying_role_ids] .o_kanban_record:contains('Tour Chief Engineer'):contains('Technical Buyer')",
            isActive: ["mobile"],
        },
        {
            content: "The completeness follows",
            trigger: ".o_form_view .o_field_widget[name=buying_centre_completeness]:contains('40')",
        },
    ],
});
