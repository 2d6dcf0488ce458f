"""Every user-facing term is in the .pot and translated in zh_CN.po."""

import io
import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

MODULE = "key_account_management"
I18N = Path(__file__).resolve().parents[1] / MODULE / "i18n"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\w*\}")
CHINESE = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# the handbooks' (seeds') word for each of these terms
GLOSSARY = {
    "Contract Review": "合同审核",
    "Contract Review Sheet": "合同审核表",
    # 003 合同签订: the unit's configuration and the product's price, in
    # words of their own (Odoo's menus say 配置 and 价格)
    "Unit Configuration": "车辆配置",
    "Product Price": "产品价格",
    "Payment Method and Terms": "付款方式",
    "Delivery": "交货方式",
    "Lead Time": "交货周期",
    "Service Requirements": "服务要求",
    "Liability for Breach": "违约责任",
    "Retention Money": "质保金",
    "Decision Maker": "决策者",
    "Account Tier": "客户分类",
    "Service Point": "定点服务站",
    "Business Review": "业务沟通会",
    "Delivery or installation": "购买实施或安装实施",
    "Neutral": "中立者",
    "Weak": "弱",
    "Strong": "密切",
    "Credit Note": "红字发票",
    "Credit Notes": "红字发票",
    # 000 评估模型 (stage 1) and 003 项目评估 (stage 3)
    "Evaluation Model": "评估模型",
    "Customer level": "客户等级",
    "Financial position": "资金状况",
    "Technical requirements": "技术要求",
    "Customer rapport": "客情关系",
    "Credit standing": "客户信誉",
    "Competition: technical solution": "技术方案",
    "Project Evaluation": "项目评估",
    "Supplier Comparison": "项目评估",
    "Relationship": "客户关系",
    "Relationship Map": "关系网",
    # 000 第一章: stage 1's tab is the evaluation model, stage 3's the
    # supplier comparison (项目评估): two tabs, two words
    "Evaluation": "评估模型",
    # 002 大客户开发记录表 (and the printed form): 访问对象, 客户态度 热心/一般/冷淡
    "People Met": "访问对象",
    "Customer Attitude": "客户态度",
    "Lukewarm": "一般",
    # 003 客户分类: the general tier; the dashboard's tile counts every key
    # account (大客户), not the key tier (重点客户)
    "General": "一般客户",
    "Key accounts": "大客户",
    # 000: 自动提醒已有多少天未跟踪顾客; the buying roles' 考虑重点; stage 6's
    # key node 收到全款; the six-step 销售流程
    "Days Not Followed": "未跟踪",
    "Weighs": "考虑重点",
    "Fully Paid": "收到全款",
    "Pipeline": "销售流程",
    "Key-Account Pipeline": "大客户销售流程",
    # 003 交车后: 初期每半月一次,三个月后每月一次
    "Half-monthly for 3 months, then monthly": "初期每半月一次",
    # 001 大客户部岗位: 大客户部经理, 大客户专员
    "Key-Account Manager": "大客户部经理",
    "Key-Account Rep": "大客户专员",
    # 003 客户分析: 业务指导图, 需求分析 (车辆保有量、更换周期、采购进度表、优先评估项),
    # 客户类别 and what each cares about (关注点), 直销 / 分销 through 经销商
    "Business Profile": "业务指导图",
    "Needs Analysis": "需求分析",
    "Installed Base": "保有量",
    "Replacement Cycle (months)": "更换周期",
    "Purchase Schedule": "采购进度表",
    "Priority Evaluation Items": "优先评估项",
    "Customer Type": "客户类别",
    "Points to Address": "关注点",
    "Direct": "直销",
    "Through a Dealer": "分销",
    "Dealer": "经销商",
    "Project Manager": "项目经理",
    "Regional Manager": "区域经理",
    # 003: customer analysis, competition analysis and solution design end in
    # the project development plan; customer maintenance is a relationship
    # and service plan, regular business review meetings and visits between
    # both sides' middle and senior management
    "Account Development Plan": "项目开发计划书",
    "Solution": "解决方案",
    "Business Review Meeting": "业务沟通会",
    "Executive Exchange Visit": "中高层互访",
    "Relationship Goals": "关系维护与服务计划",
}
# words the handbooks do not use for what the add-on names with them
NOT_THE_SEEDS_WORDS = (
    "决策人",
    "服务网点",
    "罚则",
    "注册费用",
    "合同评审",
    "业务回顾会议",
    "退款",
    "贷项",
    "客户级别",
    "会见人员",
    "未跟进",
    "付清全款",
    "前三个月",
    "销售管道",
)
# one name for each role of the key-account department (001 大客户部岗位),
# though the handbooks also say 大客户经理 and 销售代表
KEY_ACCOUNT_MANAGER = re.compile(r"\bkey-account managers?\b|\ba manager may\b", re.IGNORECASE)
KEY_ACCOUNT_REP = re.compile(r"\breps?\b", re.IGNORECASE)


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def _exported_terms(self):
        buffer = io.BytesIO()
        trans_export(None, [MODULE], buffer, "po", self.env.cr)
        return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(buffer.getvalue().decode())}

    def test_pot_is_current(self):
        committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(I18N / f"{MODULE}.pot"))}
        exported = self._exported_terms()
        self.assertFalse(
            exported - committed,
            "terms missing from the .pot: run `python3 tools/kam.py i18n`",
        )
        self.assertFalse(committed - exported, "obsolete terms in the .pot")

    def test_zh_cn_is_complete(self):
        terms = {(e.msgctxt, e.msgid) for e in polib.pofile(str(I18N / f"{MODULE}.pot"))}
        po = polib.pofile(str(I18N / "zh_CN.po"))
        translated = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgstr and not e.obsolete}
        self.assertFalse(
            [msgid for _ctx, msgid in terms - translated.keys()],
            "terms without Chinese in zh_CN.po",
        )
        for (_ctx, msgid), msgstr in translated.items():
            self.assertEqual(
                sorted(PLACEHOLDER.findall(msgid)),
                sorted(PLACEHOLDER.findall(msgstr)),
                f"placeholders differ in the translation of {msgid!r}",
            )

    def test_english_sources_hold_no_chinese(self):
        # a term's Chinese is its translation in zh_CN.po, not part of its source
        pot = polib.pofile(str(I18N / f"{MODULE}.pot"))
        self.assertFalse(
            [entry.msgid for entry in pot if CHINESE.search(entry.msgid)],
            "Chinese inside English source strings: move it to zh_CN.po",
        )

    def test_one_word_for_one_thing(self):
        # The handbooks' words: a person's 目前的关系 in the buying centre
        # (003), the customer's 客户态度 on a development record (002), a deal
        # is a 项目 (线索 is Odoo's lead), a visit's 跟进 is not an after-sales
        # 回访; 一般 alone is 002's lukewarm attitude, otherwise only the
        # general tier (一般客户), never an importance or a satisfaction.
        po = polib.pofile(str(I18N / "zh_CN.po"))
        for entry in po:
            if entry.obsolete or entry.msgid == "Lead/Opportunity":
                continue
            msgid = entry.msgid.lower()
            if "customer attitude" in msgid or "customer's attitude" in msgid:
                self.assertIn("客户态度", entry.msgstr, entry.msgid)
            else:
                self.assertNotIn("态度", entry.msgstr, entry.msgid)
            if entry.msgid != "Lukewarm":
                self.assertNotIn("一般", entry.msgstr.replace("一般客户", ""), entry.msgid)
            self.assertNotIn("线索", entry.msgstr, entry.msgid)
            if "follow-up" in entry.msgid.lower() and "revisit" not in entry.msgid.lower():
                self.assertNotIn("回访", entry.msgstr, entry.msgid)

    def test_glossary_of_the_handbooks(self):
        po = polib.pofile(str(I18N / "zh_CN.po"))
        translated = {e.msgid: e.msgstr for e in po if not e.obsolete}
        for msgid, word in GLOSSARY.items():
            self.assertIn(word, translated.get(msgid, ""), msgid)
        for msgid, msgstr in translated.items():
            for word in NOT_THE_SEEDS_WORDS:
                self.assertNotIn(word, msgstr, msgid)
        # stage 1's go/no-go factors (000 评估模型), and the monthly revisits
        # that start after three months (003 交车后)
        guidance = next(m for i, m in translated.items() if i.startswith("Collect information"))
        for word in ("客户等级", "资金状况", "客情关系", "客户信誉"):
            self.assertIn(word, guidance)
        for msgid, msgstr in translated.items():
            if "then monthly" in msgid or "then every month" in msgid:
                self.assertIn("三个月后每月", msgstr, msgid)
            if "then monthly" in msgid and "half" in msgid.lower():
                self.assertIn("初期每半月", msgstr, msgid)

    def test_one_name_for_each_role(self):
        po = polib.pofile(str(I18N / "zh_CN.po"))
        for entry in po:
            if entry.obsolete:
                continue
            if KEY_ACCOUNT_MANAGER.search(entry.msgid):
                self.assertIn("大客户部经理", entry.msgstr, entry.msgid)
            if KEY_ACCOUNT_REP.search(entry.msgid):
                self.assertIn("大客户专员", entry.msgstr, entry.msgid)
            for word in ("大客户经理", "销售代表"):
                self.assertNotIn(word, entry.msgstr, entry.msgid)

    def test_stage_tooltips_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        stage = self.env.ref(f"{MODULE}.crm_stage_key_roles")
        self.assertEqual(
            stage.with_context(lang="zh_CN").requirements, "关键节点：内线、关键人和建立关系。"
        )
        self.assertTrue(stage.with_context(lang="en_US").requirements.startswith("Key node:"))
