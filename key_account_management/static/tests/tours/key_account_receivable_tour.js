import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Finance opens Invoicing > Customers > Key-Account Receivables, sees the
// accounts with their amounts, unfolds one, opens its overdue invoice from
// the line, then switches to the pivot: tiers by ageing bucket.
registry.category("web_tour.tours").add("key_account_receivable_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open the Customers menu",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Open the key-account receivables",
            trigger: ".dropdown-item[data-menu-xmlid='key_account_management.key_account_receivable_menu_finance']",
            run: "click",
        },
        {
            content: "The account's group shows what it owes",
            trigger: ".o_group_header:contains('Tour Receivable Account'):contains('1,500.00')",
            run: "click",
        },
        {
            content: "Open the overdue invoice from its line",
            trigger: ".o_data_row:contains('31-60 Days') td[name='name']",
            run: "click",
        },
        {
            content: "The invoice opens",
            trigger: ".o_form_view .o_field_widget[name='partner_id']:contains('Tour Receivable Account')",
        },
        {
            content: "Back to the receivables",
            trigger: ".breadcrumb-item a:contains('Key-Account Receivables')",
            run: "click",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the ageing buckets",
            trigger: ".o_pivot th:contains('31-60 Days')",
        },
        {
            content: "Its rows are the account tiers, not the accounts",
            trigger: ".o_pivot tbody:has(th):not(:has(th:contains('Tour Receivable Account')))",
        },
    ],
});

// Finance groups the key-account receivables by deal and opens the deal,
// read-only, with its money on the Receivables tab.
registry.category("web_tour.tours").add("key_account_receivable_deal_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open the Customers menu",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Open the key-account receivables",
            trigger: ".dropdown-item[data-menu-xmlid='key_account_management.key_account_receivable_menu_finance']",
            run: "click",
        },
        {
            content: "Open the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Group by deal",
            trigger: ".o_group_by_menu .o-dropdown-item:contains('Deal')",
            run: "click",
        },
        {
            content: "Close the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Unfold the account (the list groups by account first)",
            trigger: ".o_group_header:contains('Test Heavy Industries')",
            run: "click",
        },
        {
            content: "The deal's group shows what it owes",
            trigger: ".o_group_header:contains('Press line'):contains('2,000.00')",
            run: "click",
        },
        {
            content: "The deal's line names the deal",
            trigger: ".o_data_row td[name='lead_id']:contains('Press line')",
        },
    ],
});

// Finance opens a key-account deal: read-only, with its money.
registry.category("web_tour.tours").add("key_account_finance_deal_tour", {
    steps: () => [
        {
            content: "The deal opens, read-only: its name is no input",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('Press line'):not(:has(input))",
        },
        {
            content: "Open its Receivables tab",
            trigger: ".o_notebook .nav-link:contains('Receivables')",
            run: "click",
        },
        {
            content: "Its invoiced amount is there",
            trigger: ".o_field_widget[name='kam_invoiced_amount']:contains('2,000.00')",
        },
    ],
});
