import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * Steps that open the Key Accounts app from the home menu: the apps
 * dropdown on a desktop, the side menu's app list on a phone.
 */
export function openKeyAccountsApp() {
    return [
        stepUtils.showAppsMenuItem(),
        ...stepUtils.toggleHomeMenu(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='key_account_management.key_account_menu_root']",
            run: "click",
        },
    ];
}
