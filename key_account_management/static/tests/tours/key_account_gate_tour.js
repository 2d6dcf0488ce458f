import { registry } from "@web/core/registry";

// Dragging a deal to the next stage before its key node is reached is
// refused with the reason; the card stays where it was.
registry.category("web_tour.tours").add("key_account_gate_tour", {
    url: "/odoo/action-key_account_management.crm_lead_action_key_pipeline",
    steps: () => [
        {
            content: "The deal waits in the first stage",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Information & Evaluation')) .o_kanban_record:contains('Tour press line')",
        },
        {
            content: "Drag it to the next stage",
            trigger: ".o_kanban_record:contains('Tour press line')",
            run: "drag_and_drop (.o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('Roles & Relationships')))",
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
            content: "The deal is still in the first stage",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Information & Evaluation')) .o_kanban_record:contains('Tour press line')",
        },
    ],
});
