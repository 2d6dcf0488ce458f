{
    "name": "Key Account Management",
    "summary": "Win and keep large customers: buying centre, grading, "
    "six-stage gated process, visits and revisits",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/key-account-management/key_account_management",
    "author": "Key Account Management",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["crm", "sale_crm", "account", "calendar", "web_hierarchy"],
    "data": [
        "security/key_account_security.xml",
        "security/ir.model.access.csv",
        "security/key_account_revisit_security.xml",
        "data/crm_team_data.xml",
        "data/crm_stage_data.xml",
        "data/key_account_revisit_template_data.xml",
        "data/ir_cron_data.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_team_views.xml",
        "views/key_account_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "key_account_management/static/tests/tours/*.js",
        ],
    },
}
