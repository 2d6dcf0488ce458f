import { registry } from "@web/core/registry";

// 合同审核: the rep starts the review of a key-account order, records the
// values agreed with the customer and submits it to the departments.
registry.category("web_tour.tours").add("key_account_contract_review_tour", {
    steps: () => [
        {
            content: "Start the contract review of the order",
            trigger: ".o_form_view button[name='action_kam_start_review']",
            run: "click",
        },
        {
            content: "Open the Contract Review tab",
            trigger: ".o_notebook .nav-link:contains('Contract Review')",
            run: "click",
        },
        {
            content: "The payment terms come from the order",
            trigger: ".o_data_row:contains('Payment Method and Terms'):contains('10% Retention after 12 Months')",
        },
        ...[
            ["Unit Configuration", "value_text textarea", "Two press lines, servo drives"],
            ["Delivery", "value_text textarea", "Two batches to the Wuxi plant"],
            ["Service Requirements", "value_text textarea", "Engineer on site within four hours"],
            ["Liability for Breach", "value_percent input", "5"],
        ].flatMap(([item, field, value]) => [
            {
                content: `Open the ${item} item`,
                trigger: `.o_data_row:has(td[name='item_id']:contains('${item}')) td[name='item_id']`,
                run: "click",
            },
            {
                content: `Type the agreed ${item}`,
                trigger: `.modal div[name='${field.split(" ")[0]}'] ${field.split(" ")[1]}`,
                run: `edit ${value}`,
            },
            {
                content: "Keep it",
                trigger: ".modal .modal-footer .btn-primary",
                run: "click",
            },
            {
                content: "The item shows the value",
                trigger: `body:not(:has(.modal)) .o_data_row:has(td[name='item_id']:contains('${item}')):contains('${value}')`,
            },
        ]),
        {
            content: "Save the order",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit the review to the departments",
            trigger: ".o_form_view button[name='action_kam_submit_review']",
            run: "click",
        },
        {
            content: "Every item waits for its department",
            trigger: ".o_data_row:contains('Retention Money'):contains('To Review')",
        },
        {
            content: "Nothing is left to submit",
            trigger: ".o_form_view:not(:has(button[name='action_kam_submit_review']))",
        },
    ],
});

// Finance opens the contract reviews waiting for them and approves the
// payment method and the retention money, each with a comment. Each step
// waits for its state; on a busy machine a grouped list takes longer than
// the step's default 10 s to come, hence the longer bound.
registry.category("web_tour.tours").add("key_account_contract_review_finance_tour", {
    steps: () => [
        {
            content: "Look for the customer's contract",
            trigger: ".o_searchview_input",
            run: "edit Tour Press Works",
        },
        {
            content: "Search it as the customer",
            trigger: ".o_searchview_autocomplete li:contains('Search Customer')",
            run: "click",
        },
        {
            content: "Unfold the order: two items wait for finance",
            trigger: ".o_group_header:contains('(2)'):not(:contains('(8)'))",
            run: "click",
        },
        ...["Payment Method and Terms", "Retention Money"].flatMap((item) => [
            {
                content: `${item} waits for finance`,
                trigger: `.o_data_row:contains('${item}'):contains('To Review') button[name='action_open_decision']`,
                run: "click",
            },
            {
                content: "Comment on the decision",
                trigger: ".modal textarea#comment_0, .modal [name='comment'] textarea",
                run: "edit Checked against the customer's credit line",
            },
            {
                content: "Approve",
                trigger: ".modal button[name='action_approve']",
                run: "click",
            },
            {
                content: "The dialog closes",
                trigger: "body:not(:has(.modal))",
            },
        ]),
        {
            content: "Nothing of the contract waits for finance any more",
            trigger: ".o_list_view:not(:has(.o_data_row)):not(:has(.o_group_header:contains('(2)')))",
        },
    ].map((step) => ({ timeout: 30000, ...step })),
});
