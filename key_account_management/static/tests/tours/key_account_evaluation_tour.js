import { registry } from "@web/core/registry";

// On a phone, the deal's evaluation shows each criterion on a card, its
// whole name readable, and a criterion is scored in a dialog.
registry.category("web_tour.tours").add("key_account_evaluation_phone_tour", {
    steps: () => [
        {
            content: "Open the evaluation",
            trigger: ".o_notebook .nav-link:contains('Evaluation')",
            run: "click",
        },
        {
            content: "The longest criterion is shown whole, on its card",
            trigger:
                ".o_field_widget[name=kam_score_ids] .o_kanban_record:contains('Competition: technical solution')",
            run: "click",
        },
        {
            content: "Score it",
            trigger: ".modal .o_field_widget[name=score] input",
            run: "edit 8",
        },
        {
            content: "Back to the cards",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The card shows the score",
            trigger:
                ".o_field_widget[name=kam_score_ids] .o_kanban_record:contains('Competition: technical solution') [name=score]:contains('8')",
        },
        {
            content: "Save the deal",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
