/** @odoo-module */

import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import {
    statusBarDurationField,
    StatusBarDurationField,
} from "@mail/views/fields/statusbar_duration/statusbar_duration_field";

/**
 * The stage status bar of a deal. A click saves at once; when the server
 * refuses the move (a key-account stage gate), the form goes back to the
 * stage the deal is really in instead of showing the refused one as current.
 */
export class KeyAccountStatusBarField extends StatusBarDurationField {
    async selectItem(item) {
        const { name, record } = this.props;
        const current = record.data[name];
        const hadChanges = await record.isDirty();
        const value = this.field.type === "many2one" ? [item.value, item.label] : item.value;
        await record.update({ [name]: value });
        let refusal = null;
        await record.save({
            onError: (error, { discard }) => {
                refusal = error;
                if (!hadChanges) {
                    discard();
                }
                return false;
            },
        });
        if (refusal) {
            if (hadChanges) {
                // keep the user's other edits, undo only the refused move
                await record.update({ [name]: current });
            }
            // the bar does not recompute its items while it adjusts to its
            // width (one animation frame): draw it again once that is over
            browser.requestAnimationFrame(() => this.render());
            throw refusal;
        }
    }
}

export const keyAccountStatusBarField = {
    ...statusBarDurationField,
    component: KeyAccountStatusBarField,
    // the status bar's styles are keyed on the widget's name
    additionalClasses: ["o_field_statusbar", "o_field_statusbar_duration"],
};

registry.category("fields").add("key_account_statusbar", keyAccountStatusBarField);
