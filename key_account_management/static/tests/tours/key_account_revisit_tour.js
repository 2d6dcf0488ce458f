import { registry } from "@web/core/registry";

// A rep back from a revisit opens it from their revisits, rates the
// customer's satisfaction, notes the problem found and marks it done.
// The same steps run at desktop and at phone size.
registry.category("web_tour.tours").add("key_account_revisit_tour", {
    url: "/odoo/action-key_account_management.key_account_revisit_action",
    steps: () => [
        {
            content: "Open the first planned revisit of the account",
            trigger: ".o_data_row:contains('Tour Harbour Cranes') td[name=name], .o_kanban_record:contains('Tour Harbour Cranes')",
            run: "click",
        },
        {
            content: "Four stars out of five",
            trigger: ".o_form_view .o_field_widget[name=satisfaction] .o_priority_star:eq(3)",
            run: "click",
        },
        {
            content: "Four stars are lit",
            trigger: ".o_form_view .o_field_widget[name=satisfaction] .o_priority_star.fa-star:eq(3)",
        },
        {
            content: "The problem found",
            trigger: ".o_field_widget[name=problems] textarea",
            run: "edit Night shift unsure about the crane interlock",
        },
        {
            content: "Mark the revisit as done",
            trigger: ".o_form_statusbar button[name=action_done]",
            run: "click",
            isActive: ["desktop"],
        },
        // a phone folds the header's buttons into the gear menu: the main
        // action is on the sheet, in reach of the thumb
        {
            content: "Mark the revisit as done",
            trigger: ".o_form_sheet button.o_key_account_revisit_done_phone:visible",
            run: "click",
            isActive: ["mobile"],
        },
        {
            content: "The revisit is done",
            trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains('Done')",
        },
    ],
});
