/** @odoo-module */

import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatPercentage } from "@web/views/fields/formatters";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

// Loaded only when a map opens: the library is big and most users never do.
const CYTOSCAPE_URL = "/key_account_management/static/lib/cytoscape/cytoscape.min.js";

// The canvas cannot read CSS variables, so the Odoo theme colours are spelled
// out here once; the legend and the swatches in the list use the same ones.
export const COLOURS = {
    supporter: "#28a745", // $o-success
    neutral: "#17a2b8", // $o-info
    opponent: "#dc3545", // $o-danger
    unknown: "#adb5bd", // $gray-500
    colleague: "#71639e", // $o-community-color
    reports: "#6c757d",
    influence: "#fd7e14",
    knows: "#71639e",
    text: "#212529",
    border: "#495057",
    gap: "#ffc107", // $o-warning
};
const BADGE_CLASSES = {
    supporter: "text-bg-success",
    neutral: "text-bg-info",
    opponent: "text-bg-danger",
    unknown: "text-bg-secondary",
};
const LINE_STYLES = { reports: "solid", influence: "dashed", knows: "dotted" };
const STRENGTH_WIDTHS = { weak: 1, medium: 3, strong: 5 };
const KIND_ORDER = { reports: 0, influence: 1, knows: 2 };
// A function wider than this (in Latin letters) would turn the node label
// into a paragraph; cytoscape only wraps at spaces, which Chinese has none of.
const SHORT_FUNCTION = 24;

/** Width of a text in Latin letters: a CJK character counts as two. */
function textWidth(text) {
    let width = 0;
    for (const char of text) {
        width += char.codePointAt(0) >= 0x2e80 ? 2 : 1;
    }
    return width;
}

/** Node diameter from the decision weight: 28 px at 0 %, 90 px from 50 % on. */
export function nodeSize(weight) {
    return 28 + (Math.min(Math.max(weight || 0, 0), 50) / 50) * 62;
}

/**
 * Elements and style for cytoscape. Kept apart from the component so that
 * it reads as a description of the picture.
 */
export function graphElements(data) {
    const nodes = data.nodes.map((node) => {
        const isPerson = node.kind === "person";
        const showFunction = isPerson && node.function && textWidth(node.function) <= SHORT_FUNCTION;
        return {
            group: "nodes",
            data: {
                id: node.id,
                kind: node.kind,
                label: showFunction ? `${node.label}\n${node.function}` : node.label,
                colour: isPerson ? COLOURS[node.attitude] || COLOURS.unknown : COLOURS.colleague,
                size: isPerson ? nodeSize(node.weight) : 32,
                external: Boolean(isPerson && node.external),
                gap: Boolean(isPerson && node.gap),
            },
        };
    });
    const edges = data.edges.map((edge) => ({
        group: "edges",
        data: {
            id: edge.id,
            source: edge.source,
            target: edge.target,
            kind: edge.kind,
            width: edge.kind === "reports" ? 2 : STRENGTH_WIDTHS[edge.strength] || 2,
        },
    }));
    return [...nodes, ...edges];
}

export function graphStyle({ fontFamily, fontSize }) {
    return [
        {
            selector: "node",
            style: {
                label: "data(label)",
                "background-color": "data(colour)",
                width: "data(size)",
                height: "data(size)",
                color: COLOURS.text,
                "font-family": fontFamily,
                "font-size": fontSize,
                "text-wrap": "wrap",
                "text-max-width": 140,
                "text-valign": "bottom",
                "text-margin-y": 4,
                // keeps names legible where they cross an edge
                "text-outline-color": "#ffffff",
                "text-outline-width": 2,
            },
        },
        {
            selector: "node[kind = 'colleague']",
            style: { shape: "round-rectangle", "font-style": "italic" },
        },
        {
            selector: "node[?external]",
            style: {
                "border-width": 3,
                "border-style": "dashed",
                "border-color": COLOURS.border,
            },
        },
        {
            // below the account plan's relationship goal: a ring to work on
            selector: "node[?gap]",
            style: {
                "border-width": 5,
                "border-style": "double",
                "border-color": COLOURS.gap,
            },
        },
        {
            selector: "node:selected",
            style: { "border-width": 4, "border-color": COLOURS.text },
        },
        {
            selector: "edge",
            style: {
                width: "data(width)",
                "curve-style": "bezier",
                "arrow-scale": 1.2,
            },
        },
        {
            selector: "edge[kind = 'reports']",
            style: {
                "line-color": COLOURS.reports,
                "target-arrow-shape": "triangle",
                "target-arrow-color": COLOURS.reports,
            },
        },
        {
            selector: "edge[kind = 'influence']",
            style: {
                "line-color": COLOURS.influence,
                "line-style": "dashed",
                "target-arrow-shape": "triangle",
                "target-arrow-color": COLOURS.influence,
            },
        },
        {
            selector: "edge[kind = 'knows']",
            style: { "line-color": COLOURS.knows, "line-style": "dotted" },
        },
        {
            selector: "edge:selected",
            style: { "overlay-color": COLOURS.text, "overlay-opacity": 0.15, "overlay-padding": 4 },
        },
    ];
}

/**
 * The people of the map with their links, heaviest first: what a phone shows
 * instead of trying to read the canvas, and what a tour can check.
 */
export function describePeople(data) {
    return data.nodes
        .filter((node) => node.kind === "person")
        .sort((a, b) => (b.weight || 0) - (a.weight || 0) || (a.label || "").localeCompare(b.label || ""))
        .map((node) => {
            const links = data.edges
                .filter((edge) => edge.source === node.id || edge.target === node.id)
                .map((edge) => {
                    const outgoing = edge.source === node.id;
                    return { ...edge, outgoing };
                })
                .sort(
                    (a, b) =>
                        (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) ||
                        b.outgoing - a.outgoing
                );
            return {
                ...node,
                badgeClass: BADGE_CLASSES[node.attitude] || BADGE_CLASSES.unknown,
                weightText: formatPercentage((node.weight || 0) / 100, { digits: [16, 1] }),
                details: [
                    node.role,
                    node.function,
                    node.external && node.organisation,
                    node.goal_label,
                ].filter(Boolean),
                links,
            };
        });
}

/**
 * 关系网: the buying centre of a deal or an account as a network. The graph
 * is a canvas; the same network is written out person by person beside it,
 * or under it on a phone, where the canvas is too small to read.
 */
export class RelationshipMap extends Component {
    static template = "key_account_management.RelationshipMap";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.graphRef = useRef("graph");
        this.state = useState({ selectedId: null });
        this.colours = COLOURS;
        this.lineStyles = LINE_STYLES;
        this.fitLabel = _t("Fit");
        // not "Open" / "Close": this module already translates those as
        // "outstanding" and "finish" for its receivables and revisit plans
        this.openLabel = _t("Open contact");
        this.closeLabel = _t("Hide details");
        this.data = null;
        this.people = [];

        const params = this.props.action.params || {};
        this.resModel = params.res_model;
        this.resId = parseInt(params.res_id) || false;
        // keeps the record in the URL, so that a reload redraws the same map
        if (this.resModel && this.resId) {
            this.props.updateActionState?.({ res_model: this.resModel, res_id: this.resId });
        }

        onWillStart(async () => {
            if (!this.resModel || !this.resId) {
                return;
            }
            const [data] = await Promise.all([
                this.orm.call(this.resModel, "kam_relationship_map_data", [[this.resId]]),
                loadJS(CYTOSCAPE_URL),
            ]);
            this.data = data;
            this.people = describePeople(this.data);
            if (data.title) {
                this.env.config.setDisplayName?.(data.title);
            }
        });
        onMounted(() => this.renderGraph());
        onWillUnmount(() => {
            this.resizeObserver?.disconnect();
            this.cy?.destroy();
            this.cy = null;
        });
    }

    get isSmall() {
        return this.env.isSmall;
    }

    get hasNodes() {
        return Boolean(this.data && this.data.nodes.length);
    }

    get hasGaps() {
        return Boolean(this.data?.nodes.some((node) => node.gap));
    }

    get labels() {
        return this.data?.labels || {};
    }

    get display() {
        // the Fit button is the only one: no dropdown toggle beside it on a phone
        return { controlPanel: { disableDropdown: true } };
    }

    get legend() {
        const labels = this.labels;
        return {
            nodes: ["supporter", "neutral", "opponent", "unknown", "colleague"].map((key) => ({
                key,
                label: labels[key],
                colour: COLOURS[key],
                shape: key === "colleague" ? "rounded-1" : "rounded-circle",
            })),
            edges: ["reports", "influence", "knows"].map((key) => ({
                key,
                label: labels[key],
                colour: COLOURS[key],
                line: LINE_STYLES[key],
            })),
        };
    }

    /** What the info panel shows for the tapped node or edge. */
    get selected() {
        const id = this.state.selectedId;
        if (!id || !this.data) {
            return null;
        }
        const node = this.data.nodes.find((item) => item.id === id);
        if (node && node.kind === "person") {
            const person = this.people.find((item) => item.id === id);
            return {
                title: node.label,
                lines: [
                    node.attitude_label,
                    `${this.labels.weight}: ${person.weightText}`,
                    ...person.details,
                ].filter(Boolean),
                person: node,
            };
        }
        if (node) {
            return { title: node.label, lines: [this.labels.colleague], person: null };
        }
        const edge = this.data.edges.find((item) => item.id === id);
        return edge ? { title: edge.label, lines: [], person: null } : null;
    }

    renderGraph() {
        if (!this.hasNodes || !this.graphRef.el || !window.cytoscape) {
            return;
        }
        const container = this.graphRef.el;
        this.cy = window.cytoscape({
            container,
            elements: graphElements(this.data),
            style: graphStyle({
                fontFamily: getComputedStyle(container).fontFamily || "sans-serif",
                // a phone shows the picture zoomed out: larger type survives it
                fontSize: this.isSmall ? 14 : 11,
            }),
            layout: { name: "preset" },
            minZoom: 0.2,
            maxZoom: 3,
            selectionType: "single",
            boxSelectionEnabled: false,
        });
        this.runLayout();
        // The box settles after mounting (control panel, phone rotation):
        // refit then, unless the user has already moved the picture.
        this.userMoved = false;
        this.cy.on("dragpan pinchzoom scrollzoom", () => (this.userMoved = true));
        this.resizeObserver = new ResizeObserver(() => {
            this.cy.resize();
            if (!this.userMoved) {
                this.cy.fit(undefined, 30);
            }
        });
        this.resizeObserver.observe(container);
        this.cy.on("tap", "node", (ev) => this.onTapNode(ev.target.id()));
        this.cy.on("tap", "edge", (ev) => (this.state.selectedId = ev.target.id()));
        this.cy.on("tap", (ev) => {
            if (ev.target === this.cy) {
                this.state.selectedId = null;
            }
        });
    }

    runLayout() {
        // On a phone the picture is laid out inside its narrow box, so that it
        // comes out tall and can be shown at a readable zoom; a desktop has
        // the room to let it spread.
        const { clientWidth, clientHeight } = this.graphRef.el;
        const boundingBox =
            this.isSmall && clientWidth && clientHeight
                ? { x1: 0, y1: 0, w: clientWidth, h: clientHeight }
                : undefined;
        // A breadth-first pass gives a stable start (the same picture every
        // time the map opens); cose then untangles the influence links.
        this.cy.layout({ name: "breadthfirst", boundingBox, fit: false }).run();
        this.cy
            .layout({
                name: "cose",
                boundingBox,
                animate: false,
                randomize: false,
                fit: true,
                padding: 30,
                nodeDimensionsIncludeLabels: true,
                idealEdgeLength: () => (this.isSmall ? 50 : 80),
                nodeRepulsion: () => (this.isSmall ? 5000 : 10000),
                componentSpacing: 60,
            })
            .run();
    }

    /** A first tap shows who it is; a second tap on a person opens the contact. */
    onTapNode(id) {
        const node = this.data.nodes.find((item) => item.id === id);
        if (node?.kind === "person" && this.state.selectedId === id) {
            this.openPerson(node.res_id);
            return;
        }
        this.state.selectedId = id;
    }

    /** From the list: picks the person out on the graph. */
    onClickPerson(id) {
        this.state.selectedId = id;
        const element = this.cy?.getElementById(id);
        if (!element || element.empty()) {
            return;
        }
        this.cy.elements().unselect();
        element.select();
        this.userMoved = true;
        this.cy.animate({ center: { eles: element }, duration: 250 });
        if (this.isSmall) {
            this.graphRef.el.scrollIntoView({ behavior: "smooth", block: "nearest" });
        }
    }

    clearSelection() {
        this.state.selectedId = null;
        this.cy?.elements().unselect();
    }

    fit() {
        this.userMoved = false;
        this.cy?.resize();
        this.cy?.fit(undefined, 30);
    }

    openPerson(resId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            res_id: resId,
            views: [[false, "form"]],
        });
    }
}

registry.category("actions").add("key_account_management.relationship_map", RelationshipMap);
