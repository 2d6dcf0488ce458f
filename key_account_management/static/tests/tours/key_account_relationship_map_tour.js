import { registry } from "@web/core/registry";

// From the deal's buying centre, the relationship map draws the network and
// writes it out person by person: the designer of the institute influences
// the chief engineer, who reports to the general manager; our colleagues
// know them.
registry.category("web_tour.tours").add("key_account_relationship_map_tour", {
    steps: () => [
        {
            content: "Open the deal's buying centre",
            trigger: ".o_notebook .nav-link:contains('Buying Centre')",
            run: "click",
        },
        {
            content: "Open the relationship map",
            trigger: ".o_notebook button[name=action_kam_relationship_map]",
            run: "click",
        },
        {
            content: "The network is drawn",
            trigger: ".o_kam_relationship_map .o_kam_relationship_map_graph canvas",
        },
        {
            content: "Fit sits with the navigation, after the breadcrumbs (on a phone too)",
            trigger: ".o_control_panel_navigation .o_kam_relationship_map_fit",
        },
        {
            content: "The designer of the institute influences the chief engineer",
            trigger:
                ".o_kam_relationship_map_person:contains('Tour Institute Designer') " +
                ".o_kam_relationship_map_link[data-kind=influence]:contains('Tour Chief Engineer')",
        },
        {
            content: "The chief engineer reports to the general manager",
            trigger:
                ".o_kam_relationship_map_person:contains('Tour Chief Engineer') " +
                ".o_kam_relationship_map_link[data-kind=reports]:contains('Tour General Manager')",
        },
        {
            content: "A colleague other than the owner knows the general manager",
            trigger:
                ".o_kam_relationship_map_person:contains('Tour General Manager') " +
                ".o_kam_relationship_map_link[data-kind=knows]:contains('Tour Map Director')",
        },
    ],
});
