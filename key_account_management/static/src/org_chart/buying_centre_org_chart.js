/** @odoo-module */

import { registry } from "@web/core/registry";
import { orderByToString } from "@web/search/utils/order_by";
import { hierarchyView } from "@web_hierarchy/hierarchy_view";
import { HierarchyModel } from "@web_hierarchy/hierarchy_model";

/**
 * 组织机构图: a buying centre is a few dozen people, so the chart shows all
 * of them at once, nested by reporting line, instead of one level per click.
 */
export class BuyingCentreOrgChartModel extends HierarchyModel {
    async load(params = {}) {
        // Odoo's model sends the context of the config it is replacing: the
        // first load would lose the action's context, which names the deal
        // whose buying centre (roles, weights, attitudes) the chart shows.
        if ("context" in params) {
            this.config = { ...this.config, context: params.context };
        }
        return super.load(params);
    }

    async _loadData(config, reload = false) {
        if (reload || !this.isSearchDefaultOrEmpty()) {
            return super._loadData(config, reload);
        }
        const records = await this.orm.call(
            this.resModel,
            "hierarchy_read",
            [
                config.domain,
                this.fieldsToFetch,
                this.parentFieldName,
                this.childFieldName,
                orderByToString(config.orderBy),
            ],
            { context: this.context }
        );
        return this._formatData(records);
    }

    _formatData(records) {
        const childFieldName = this.childFieldName || this.defaultChildFieldName;
        const recordPerId = Object.fromEntries(records.map((record) => [record.id, record]));
        const childrenPerId = {};
        const roots = [];
        for (const record of records) {
            const parentId = record[this.parentFieldName] && record[this.parentFieldName][0];
            if (parentId && parentId in recordPerId) {
                (childrenPerId[parentId] ||= []).push(record);
            } else {
                roots.push(record);
            }
        }
        for (const [parentId, children] of Object.entries(childrenPerId)) {
            recordPerId[parentId][childFieldName] = children;
        }
        return roots;
    }
}

registry.category("views").add("key_account_org_chart", {
    ...hierarchyView,
    Model: BuyingCentreOrgChartModel,
});
