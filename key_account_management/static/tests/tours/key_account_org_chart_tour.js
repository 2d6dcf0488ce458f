import { registry } from "@web/core/registry";

// From the account's buying centre, the org chart opens with everybody:
// the third level (an engineer under the technical director under the
// general manager) shows without unfolding anything.
registry.category("web_tour.tours").add("key_account_org_chart_tour", {
    steps: () => [
        {
            content: "Open the account's buying centre",
            trigger: ".o_notebook .nav-link:contains('Buying Centre')",
            run: "click",
        },
        {
            content: "Open the org chart",
            trigger: ".o_notebook button[name=action_open_buying_centre_org_chart]",
            run: "click",
        },
        {
            content: "The general manager heads the chart",
            trigger: ".o_hierarchy_row:first .o_hierarchy_node:contains('Tour General Manager')",
        },
        {
            content: "Their reports are shown",
            trigger: ".o_hierarchy_node:contains('Tour Finance Director')",
        },
        {
            content: "And the reports' reports, without unfolding anything",
            trigger: ".o_hierarchy_node:contains('Tour Process Engineer')",
        },
    ],
});

// From a deal, the chart shows the deal's buying centre: its weights and
// attitudes, not the account's standing ones.
registry.category("web_tour.tours").add("key_account_deal_org_chart_tour", {
    steps: () => [
        {
            content: "Open the deal's buying centre",
            trigger: ".o_notebook .nav-link:contains('Buying Centre')",
            run: "click",
        },
        {
            content: "Open the org chart",
            trigger: ".o_notebook button[name=action_open_buying_centre_org_chart]",
            run: "click",
        },
        {
            content: "The technical director weighs 40 % on this deal, and opposes it",
            trigger:
                ".o_hierarchy_node:contains('Tour Technical Director'):contains('40%') .o_hierarchy_node_header.text-bg-danger",
        },
        {
            content: "Not the 10 % supporter of the account's standing buying centre",
            trigger:
                ".o_hierarchy_view:not(:has(.o_hierarchy_node:contains('Tour Technical Director'):contains('10%')))",
        },
    ],
});
