import { registry } from "@web/core/registry";

// A key-account manager opens the dashboard, reads the tiles and the
// charts, and clicks the first bar of "Deals by Stage": the deals of that
// stage open as a list; back on the dashboard, a click on the tile of the
// account plans opens them.
registry.category("web_tour.tours").add("key_account_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard's tiles are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-figure[data-id='kam-tile-0'] canvas.o-scorecard",
        },
        {
            content: "The funnel and conversion table is there",
            trigger: ".o_spreadsheet_dashboard_action .o-grid",
        },
        {
            content: "Click the first bar of Deals by Stage",
            trigger: ".o-figure[data-id='kam-chart-0'] canvas.o-figure-canvas",
            async run() {
                const canvas = this.anchor;
                // the chart is drawn by Chart.js once its data is loaded
                let chart;
                for (let tries = 0; tries < 100; tries++) {
                    chart = window.Chart && window.Chart.getChart(canvas);
                    if (chart && chart.getDatasetMeta(0).data.length) {
                        break;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                const bar = chart.getDatasetMeta(0).data[0].getCenterPoint();
                const box = canvas.getBoundingClientRect();
                const position = {
                    bubbles: true,
                    clientX: box.left + bar.x,
                    clientY: box.top + bar.y,
                };
                canvas.dispatchEvent(new MouseEvent("mousemove", position));
                canvas.dispatchEvent(new MouseEvent("click", position));
            },
        },
        {
            content: "The deals of that stage open",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "They are key-account deals",
            trigger: ".breadcrumb:contains('Dashboard')",
        },
        {
            content: "Back to the dashboard",
            trigger: ".breadcrumb-item a:contains('Dashboard')",
            run: "click",
        },
        {
            content: "Click the tile of the account plans in force",
            trigger: ".o_spreadsheet_dashboard_action .o-figure[data-id='kam-tile-10'] canvas.o-scorecard",
            run: "click",
        },
        {
            content: "The account plans open",
            trigger: ".o_breadcrumb .active:contains('Account Plans')",
        },
    ],
});
