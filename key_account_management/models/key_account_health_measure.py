from collections import namedtuple
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import format_date

from .key_account_health_factor import HEALTH_FACTORS

# One factor of one account: its score (0-100), the figures behind it and,
# when it is the weakest factor, the figures of what to do about it and with
# whom (a buying role). Figures are numbers, dates (ISO strings) and keys,
# never text: the sentences are written when read, in the reader's language.
Measure = namedtuple("Measure", "score figures action role", defaults=(None, None))

COVERAGE_ROLES = ("economic_buyer", "coach")
# who to meet about each factor (采购决策人, 财务/实际付款人, 内线)
ACTION_ROLES = {
    "contact": "economic_buyer",
    "satisfaction": "user_buyer",
    "money": "actual_buyer",
    "purchases": "coach",
    "wallet": "coach",
}
RECENT_DAYS = 90


def _ramp(value, good, bad):
    """100 at ``good`` or better, 0 at ``bad`` or worse, linear between."""
    if good == bad:
        return 100.0 if value <= good else 0.0
    share = (value - good) / (bad - good)
    return round(100.0 * min(1.0, max(0.0, 1.0 - share)), 1)


class KeyAccountHealthMeasure(models.AbstractModel):
    """The measures of account health, each read for a batch of accounts
    with one query (or two) and no query per account, and the sentences
    their figures make.

    Every ``_measure_<factor>(accounts, today)`` returns {account id:
    Measure}; an account left out has no data for that factor. Every
    ``_detail_<factor>(figures, company)`` writes the data behind a score,
    and ``_action_text`` what to do, in the language of ``self.env``."""

    _name = "key.account.health.measure"
    _description = "Account Health Measures"

    @api.model
    def _measure_all(self, accounts, today):
        """({factor: {account id: Measure}}, buying-centre people) of the
        given accounts."""
        people = self._buying_centre_people(accounts)
        measures = {}
        for factor, _label in HEALTH_FACTORS:
            if factor == "coverage":
                measures[factor] = self._measure_coverage(accounts, today, people)
            else:
                measures[factor] = getattr(self, f"_measure_{factor}")(accounts, today)
        return measures, people

    @api.model
    def _account_people(self, accounts):
        """Ids of the accounts and of their contacts (archived ones too).
        Read first, so that the deals and orders are looked up by their
        customer's index: a subquery on the customers' company makes
        PostgreSQL scan every deal for each batch, and the job grow with
        the square of the deals."""
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("commercial_partner_id", "in", accounts.ids)])
            .ids
        )

    @api.model
    def _buying_centre_people(self, accounts):
        """{(account id, role): buying-role line} of the accounts' standing
        buying centres and open deals; the heaviest line of a role first."""
        Line = self.env["key.account.buying.role"].sudo()
        # searches of ids, not one with "|" or subqueries: an OR across the
        # two links, or a subquery on the deals, makes PostgreSQL scan every
        # line and every deal for each batch
        deals = (
            self.env["crm.lead"]
            .sudo()
            .search([("partner_id", "in", self._account_people(accounts))])
        )
        lines = Line.search([("account_id", "in", accounts.ids)]) | Line.search(
            [("lead_id", "in", deals.ids)]
        )
        lines = lines.sorted(lambda line: (-line.weight, line.id))
        people = {}
        for line in lines:
            account = line.account_id or line.lead_id.partner_id.commercial_partner_id
            people.setdefault((account.id, line.role), line)
            people.setdefault((account.id, None), line)
        # the line last met, per role, for the coverage factor
        for line in lines.filtered("last_contact_date"):
            account = line.account_id or line.lead_id.partner_id.commercial_partner_id
            key = (account.id, f"met:{line.role}")
            if key not in people or people[key].last_contact_date < line.last_contact_date:
                people[key] = line
        return people

    @api.model
    def _measure_contact(self, accounts, today):
        result = {}
        for account in accounts:
            cadence = account._kam_contact_cadence()
            if account.kam_last_contact_date:
                days = (today - account.kam_last_contact_date).days
                figures = {"days": days, "cadence": cadence}
                action = {"kind": "late", "tier": account.kam_tier, **figures}
            else:
                # a new key account is not neglected before its first cadence
                days = (today - account.create_date.date()).days
                if days <= cadence:
                    continue
                figures = {"days": days, "cadence": cadence, "never": True}
                action = {"kind": "never", "tier": account.kam_tier}
            result[account.id] = Measure(
                _ramp(days, cadence, 3 * cadence), figures, action, ACTION_ROLES["contact"]
            )
        return result

    @api.model
    def _measure_coverage(self, accounts, today, people):
        since = today - timedelta(days=RECENT_DAYS)
        result = {}
        for account in accounts:
            if (account.id, None) not in people:
                continue  # no buying centre yet
            score, gaps, states = 0.0, [], []
            for role in COVERAGE_ROLES:
                last_met = people.get((account.id, f"met:{role}"))
                if last_met and last_met.last_contact_date >= since:
                    score += 100.0 / len(COVERAGE_ROLES)
                    states.append(
                        {
                            "role": role,
                            "state": "met",
                            "date": fields.Date.to_string(last_met.last_contact_date),
                        }
                    )
                    continue
                gaps.append(role)
                if last_met:
                    states.append({"role": role, "state": "stale"})
                elif (account.id, role) in people:
                    states.append({"role": role, "state": "never"})
                else:
                    states.append({"role": role, "state": "unnamed"})
            action = None
            if gaps:
                named = (account.id, gaps[0]) in people
                action = {"kind": "meet" if named else "name", "role": gaps[0]}
            result[account.id] = Measure(
                score, {"roles": states}, action, gaps[0] if gaps else None
            )
        return result

    @api.model
    def _measure_satisfaction(self, accounts, today):
        revisits = (
            self.env["key.account.revisit"]
            .sudo()
            .search_read(
                [
                    ("partner_id", "in", accounts.ids),
                    ("state", "=", "done"),
                    ("satisfaction", "!=", "0"),
                    ("done_date", ">=", today - relativedelta(years=2)),
                ],
                ["partner_id", "satisfaction_score"],
                order="partner_id, done_date desc, id desc",
                load=None,
            )
        )
        ratings = {}
        for revisit in revisits:
            ratings.setdefault(revisit["partner_id"], []).append(revisit["satisfaction_score"])
        result = {}
        for account_id, scores in ratings.items():
            last = scores[:3]
            mean = sum(last) / len(last)
            earlier = scores[3:6]
            # 1 to 5 stars -> 0 to 100; falling satisfaction costs 10 more
            score = (mean - 1) * 25
            figures = {"count": len(last), "mean": round(mean, 1)}
            if earlier:
                before = sum(earlier) / len(earlier)
                if mean < before - 0.25:
                    score -= 10
                    figures["before"] = round(before, 1)
            result[account_id] = Measure(
                max(0.0, score),
                figures,
                {"mean": round(mean, 1)},
                ACTION_ROLES["satisfaction"],
            )
        return result

    @api.model
    def _measure_money(self, accounts, today):
        company = self.env.company
        groups = (
            self.env["key.account.receivable"]
            .sudo()
            ._read_group(
                [("partner_id", "in", accounts.ids), ("company_id", "=", company.id)],
                ["partner_id"],
                ["amount_residual:sum", "amount_overdue:sum", "days_overdue:max"],
            )
        )
        overdue_counts = dict(
            self.env["key.account.receivable"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("company_id", "=", company.id),
                    ("is_overdue", "=", True),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        result = {}
        for account, outstanding, overdue, oldest in groups:
            if outstanding <= 0 or overdue <= 0:
                result[account.id] = Measure(100.0, {"overdue": 0})
                continue
            share = min(1.0, overdue / outstanding)
            score = 100.0 - 60.0 * share - 40.0 * min(oldest, 120) / 120
            # amounts in the company's currency, formatted when read
            figures = {
                "share": round(share * 100),
                "outstanding": outstanding,
                "overdue": overdue,
                "days": oldest,
            }
            action = {"count": overdue_counts.get(account, 0), "days": oldest, "amount": overdue}
            result[account.id] = Measure(max(0.0, score), figures, action, ACTION_ROLES["money"])
        return result

    @api.model
    def _measure_purchases(self, accounts, today):
        revenue_now = accounts._kam_revenue(today - relativedelta(years=1), today)
        revenue_before = accounts._kam_revenue(
            today - relativedelta(years=2), today - relativedelta(years=1)
        )
        orders = self._order_rhythm(accounts, today)
        result = {}
        for account in accounts:
            scores, figures, actions = [], {}, []
            now, before = revenue_now.get(account.id, 0.0), revenue_before.get(account.id, 0.0)
            if before > 0:
                ratio = now / before
                # 20 % of last year's purchases or less scores 0
                scores.append(_ramp(-ratio, -1.0, -0.2))
                figures["change"] = round((ratio - 1) * 100)
                if figures["change"] < 0:
                    actions.append({"kind": "down", "drop": -figures["change"]})
            rhythm = orders.get(account.id)
            if rhythm:
                days, interval = rhythm
                # twice the usual interval without an order is a warning,
                # three times a loss (未再购买)
                scores.append(_ramp(days / interval, 1.5, 3.0))
                figures.update(days=days, interval=round(interval))
                if days > 1.5 * interval:
                    actions.append({"kind": "no_order", "days": days, "interval": round(interval)})
            if scores:
                # the weaker signal of the two is the warning
                result[account.id] = Measure(
                    min(scores),
                    figures,
                    actions[0] if actions else None,
                    ACTION_ROLES["purchases"],
                )
        return result

    @api.model
    def _order_rhythm(self, accounts, today):
        """{account id: (days since the last confirmed order, usual days
        between orders)} over the last three years, for accounts with two
        orders or more."""
        groups = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self._account_people(accounts)),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", today - relativedelta(years=3)),
                ],
                ["partner_id"],
                ["date_order:min", "date_order:max", "__count"],
            )
        )
        spans = {}
        for customer, first, last, count in groups:
            account = customer.commercial_partner_id.id
            old_first, old_last, old_count = spans.get(account, (first, last, 0))
            spans[account] = (min(first, old_first), max(last, old_last), old_count + count)
        rhythm = {}
        for account, (first, last, count) in spans.items():
            if count >= 2:
                interval = max(1.0, (last - first).days / (count - 1))
                rhythm[account] = ((today - last.date()).days, interval)
        return rhythm

    @api.model
    def _measure_problems(self, accounts, today):
        plans = (
            self.env["key.account.revisit.plan"].sudo().search([("partner_id", "in", accounts.ids)])
        )
        open_counts = dict(
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", plans._name),
                    ("res_id", "in", plans.ids),
                    ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        result = {}
        for account, account_plans in plans.grouped("partner_id").items():
            count = sum(open_counts.get(plan.id, 0) for plan in account_plans)
            result[account.id] = Measure(
                _ramp(count, 0, 3), {"count": count}, {"count": count} if count else None
            )
        return result

    @api.model
    def _measure_momentum(self, accounts, today):
        Lead = self.env["crm.lead"].sudo()
        domain = [
            ("type", "=", "opportunity"),
            ("is_key_account", "=", True),
            ("probability", "<", 100),
            ("partner_id", "in", self._account_people(accounts)),
        ]
        open_deals = self._count_by_account(Lead, domain)
        stalled = self._count_by_account(
            Lead, [*domain, ("date_last_stage_update", "<", Lead._kam_stalled_limit())]
        )
        days = self.env.company.kam_stalled_days
        result = {}
        for account_id, count in open_deals.items():
            stuck = stalled.get(account_id, 0)
            figures = {"stalled": stuck, "open": count, "days": days}
            result[account_id] = Measure(
                100.0 * (1 - stuck / count), figures, figures if stuck else None
            )
        return result

    @api.model
    def _measure_wallet(self, accounts, today):
        """Share of wallet (our units bought in twelve months ÷ the annual
        purchase volume: 50 % or more scores 100) and the replacements due
        without a deal: a pending one caps the score at 50 and is the action."""
        Unit = self.env["key.account.installed.unit"].sudo()
        bought = {
            partner.id: quantity
            for partner, quantity in Unit._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("is_ours", "=", True),
                    ("purchase_date", ">", today - relativedelta(years=1)),
                ],
                ["partner_id"],
                ["quantity:sum"],
            )
        }
        needs = {}
        for need in (
            self.env["key.account.predicted.need"]
            .sudo()
            .search_read(
                [("partner_id", "in", accounts.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id", "period_start", "quantity"],
                order="period_start, quantity desc, id",
                load=None,
            )
        ):
            needs.setdefault(need["partner_id"], need)
        result = {}
        for account in accounts:
            volume = account.kam_purchase_volume
            need = needs.get(account.id)
            if not volume and not need:
                continue
            score, figures, action = 100.0, {}, None
            if volume:
                share = bought.get(account.id, 0) / volume
                score = _ramp(-share, -0.5, 0.0)
                figures.update(
                    share=round(share * 100), bought=bought.get(account.id, 0), volume=volume
                )
                if share < 0.5:
                    action = {"kind": "share", **figures}
            if need:
                score = min(score, 50.0)
                figures["due"] = need["quantity"]
                # the need's first unit names brand and model when read
                action = {
                    "kind": "need",
                    "quantity": need["quantity"],
                    "unit_id": need["id"],
                    "date": fields.Date.to_string(need["period_start"]),
                }
            result[account.id] = Measure(score, figures, action, ACTION_ROLES["wallet"])
        return result

    @api.model
    def _count_by_account(self, Lead, domain):
        counts = {}
        for partner, count in Lead._read_group(domain, ["partner_id"], ["__count"]):
            account = partner.commercial_partner_id.id
            counts[account] = counts.get(account, 0) + count
        return counts

    # the sentences, in the reader's language ----------------------------------
    @api.model
    def _detail(self, factor, figures, company):
        """The data behind a factor's score, from its figures."""
        return getattr(self, f"_detail_{factor}")(figures, company)

    @api.model
    def _detail_contact(self, figures, company):
        if figures.get("never"):
            return _(
                "Never contacted, a key account for %(days)s days (contact every %(cadence)s days)",
                days=figures["days"],
                cadence=figures["cadence"],
            )
        return _(
            "Days since the last contact: %(days)s (contact every %(cadence)s days)",
            days=figures["days"],
            cadence=figures["cadence"],
        )

    @api.model
    def _detail_coverage(self, figures, company):
        roles = self._role_labels()
        texts = []
        for item in figures["roles"]:
            role, state = roles.get(item["role"], item["role"]), item["state"]
            if state == "met":
                texts.append(
                    _(
                        "%(role)s met on %(date)s",
                        role=role,
                        date=format_date(self.env, item["date"]),
                    )
                )
            elif state == "stale":
                texts.append(_("%(role)s not met for 90 days", role=role))
            elif state == "never":
                texts.append(_("%(role)s never met", role=role))
            else:
                texts.append(_("no %(role)s named", role=role))
        return "; ".join(texts)

    @api.model
    def _detail_satisfaction(self, figures, company):
        detail = _(
            "Last %(count)s revisits: %(mean)s / 5", count=figures["count"], mean=figures["mean"]
        )
        if "before" in figures:
            detail = _(
                "%(detail)s, falling from %(before)s", detail=detail, before=figures["before"]
            )
        return detail

    @api.model
    def _detail_money(self, figures, company):
        if not figures.get("overdue"):
            return _("Nothing overdue")
        currency = company.currency_id
        return _(
            "%(share)s %% of %(outstanding)s overdue (%(amount)s), the oldest %(days)s days",
            share=figures["share"],
            outstanding=currency.format(figures["outstanding"]),
            amount=currency.format(figures["overdue"]),
            days=figures["days"],
        )

    @api.model
    def _detail_purchases(self, figures, company):
        texts = []
        if "change" in figures:
            texts.append(
                _("12-month revenue %(change)+d %% on the year before", change=figures["change"])
            )
        if "days" in figures:
            texts.append(
                _(
                    "last order %(days)s days ago, usually every %(interval)s days",
                    days=figures["days"],
                    interval=figures["interval"],
                )
            )
        return "; ".join(texts)

    @api.model
    def _detail_problems(self, figures, company):
        return _("Open follow-ups of revisit problems: %(count)s", count=figures["count"])

    @api.model
    def _detail_wallet(self, figures, company):
        details = []
        if "share" in figures:
            details.append(
                _(
                    "Share of wallet %(share)s %% (%(bought)s of %(volume)s units a year)",
                    share=figures["share"],
                    bought=figures["bought"],
                    volume=figures["volume"],
                )
            )
        if figures.get("due"):
            details.append(
                _("%(count)s units due for replacement without a deal", count=figures["due"])
            )
        return "; ".join(details)

    @api.model
    def _detail_momentum(self, figures, company):
        return _(
            "Open deals without a stage change for %(days)s days: %(stalled)s of %(open)s",
            stalled=figures["stalled"],
            open=figures["open"],
            days=figures["days"],
        )

    @api.model
    def _action_text(self, factor, figures, company, person=None):
        """What to do next about ``factor``, from the figures of its action;
        ``person`` is whom to meet (a name), else the buying role is named."""
        kind = figures.get("kind")
        if kind == "on_track":
            return _(
                "On track: next contact due on %(date)s",
                date=format_date(self.env, figures["date"]),
            )
        if not person and figures.get("role"):
            person = _("the %(role)s", role=self._role_labels().get(figures["role"], ""))
        person = person or ""
        if factor == "contact":
            tiers = dict(
                self.env["res.partner"]._fields["kam_tier"]._description_selection(self.env)
            )
            tier = tiers.get(figures.get("tier")) or _("Key")
            if kind == "never":
                return _(
                    "%(tier)s account never contacted: plan a first visit with %(person)s",
                    tier=tier,
                    person=person,
                )
            return _(
                "%(tier)s account not contacted for %(days)s days (every %(cadence)s days): "
                "plan a visit with %(person)s",
                tier=tier,
                days=figures["days"],
                cadence=figures["cadence"],
                person=person,
            )
        if factor == "coverage":
            role = self._role_labels().get(figures["role"], "")
            if kind == "meet":
                return _(
                    "%(role)s not met for 90 days or more: plan a meeting with %(person)s",
                    role=role,
                    person=person,
                )
            return _("No %(role)s named in the buying centre: find out who it is", role=role)
        if factor == "satisfaction":
            return _(
                "Satisfaction %(mean)s / 5 in the last revisits: plan a revisit with %(person)s",
                mean=figures["mean"],
                person=person,
            )
        if factor == "money":
            return _(
                "Instalments overdue: %(count)s, the oldest %(days)s days (%(amount)s): call "
                "the payer, %(person)s",
                count=figures["count"],
                days=figures["days"],
                amount=company.currency_id.format(figures["amount"]),
                person=person,
            )
        if factor == "purchases":
            if kind == "down":
                return _(
                    "Purchases down %(drop)s %% on last year: review with the coach, %(person)s",
                    drop=figures["drop"],
                    person=person,
                )
            return _(
                "No order for %(days)s days (usually every %(interval)s): review with the "
                "coach, %(person)s",
                days=figures["days"],
                interval=figures["interval"],
                person=person,
            )
        if factor == "problems":
            return _(
                "Revisit problems still open: %(count)s; see that their follow-ups are done",
                count=figures["count"],
            )
        if factor == "wallet":
            if kind == "need":
                unit = (
                    self.env["key.account.installed.unit"]
                    .sudo()
                    .with_context(active_test=False)
                    .browse(figures["unit_id"])
                    .exists()
                )
                return _(
                    "%(quantity)s units of %(brand)s %(model)s due for replacement from "
                    "%(date)s: open a deal",
                    quantity=figures["quantity"],
                    brand=unit.brand_id.name or (unit.is_ours and _("ours")) or "",
                    model=unit.model_name or "",
                    date=format_date(self.env, figures["date"]),
                )
            return _(
                "Share of wallet %(share)s %% (%(bought)s of %(volume)s units a year): find out "
                "who else they buy from, with %(person)s",
                share=figures["share"],
                bought=figures["bought"],
                volume=figures["volume"],
                person=person,
            )
        return _(
            "%(stalled)s of %(open)s open deals stalled: review them and their next key node",
            stalled=figures["stalled"],
            open=figures["open"],
        )

    @api.model
    def _role_labels(self):
        role = self.env["key.account.buying.role"]._fields["role"]
        return dict(role._description_selection(self.env))
