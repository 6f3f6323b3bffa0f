"""The target extractor's rules, as data.

Everything :mod:`loaders.targets` knows about the genre (Chinese city education
plans and summaries) lives in the tables below: unit words, comparator words,
deadline patterns, and the numbers that are *not* commitments.  Changing what
counts as a target should be an edit here, not in the matching code.

Decisions worth writing down
----------------------------
* ``实施10项中小学健康专项行动``: a count of actions a plan commits to carry out
  is a countable commitment, so ``N项`` is a target (metric: the verb and the
  thing counted).  ``第N项`` is an ordinal and is not.
* A Chinese ``一`` is the indefinite article far more often than a number
  (``一批``, ``一名``, ``建立一个``); it counts only after a word that makes it a
  quantity (``至少一所``, ``新建一所``), see :data:`ONE_OK_BEFORE`.
* Figures inside quotes (“…”) and titles (《…》) are names or slogans
  (“1+X”, “120所质量提升工程”, “一年补短板，二年有转机”), never targets.
* Durations and calendar units (年, 月, 日, 周年, 届, 岁) never make a target;
  ``用3年时间`` is read as a deadline instead.
* A figure followed by ``以上的`` / ``以下的`` qualifies a subject
  (``人口20万以上的县``): a threshold, not a target.
"""

from __future__ import annotations

from decimal import Decimal

# Measure words and units a count can carry; longest first is enforced by the
# matcher.  Money and area units are normalised (see NORMALISE).
COUNT_UNITS = (
    "个百分点", "百分点", "人次", "校次", "科次", "场次", "批次", "所次", "课时", "学时",
    "个小时", "个科次", "大类", "兆", "小时", "分钟", "床位", "岗位", "台套", "个", "所", "名", "人", "项", "次", "场",
    "件", "份", "节", "台", "座", "间", "家", "处", "条", "张", "册", "套", "支", "批",
    "期", "门", "篇", "部", "种", "位", "户", "栋", "辆", "块", "校", "园", "班", "类",
    "天", "公里", "千米", "起", "例", "组", "轮", "本", "首", "幅", "项次",
)
MONEY_UNITS = ("元",)
AREA_UNITS = ("平方公里", "平方米", "公顷", "亩")
PERCENT_UNITS = ("%", "％", "‰")

# Multipliers written between a number and its unit (1.5万名, 4亿元, 2.2万平方米).
MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000),
               "百万": Decimal(1_000_000), "千万": Decimal(10_000_000), "万亿": Decimal(10**12)}

# Unit -> (base unit, factor) for the normalised value.
NORMALISE = {
    "元": ("元", Decimal(1)),
    "平方米": ("平方米", Decimal(1)),
    "平方公里": ("平方米", Decimal(1_000_000)),
    "公顷": ("平方米", Decimal(10_000)),
    "亩": ("平方米", Decimal(10_000) / Decimal(15)),
    "%": ("%", Decimal(1)),
    "％": ("%", Decimal(1)),
    "‰": ("%", Decimal("0.1")),
    "公里": ("米", Decimal(1_000)),
    "千米": ("米", Decimal(1_000)),
}

# Units that mark a number as something other than a commitment.
# N部门 counts the bodies involved (财政等8部门), never an outcome.
BLOCKED_UNITS = ("个部门", "部门", "个月", "个工作日", "个学期", "周年", "年代", "年度", "世纪", "周岁", "年", "月", "日", "号", "届",
                 "岁", "时", "点", "级", "版", "代", "楼", "层", "中全会", "大")

# A number right after one of these is an ordinal or a label, not a quantity.
BLOCKED_BEFORE = ("第", "届", "〕", "]", "】", "+", "-", "—", "No.", "NO.", "编号", "电话",
                  "热线", "条第", "人口")
# ... and right after the unit, one of these makes it a threshold or a label.
BLOCKED_AFTER = ("以上的", "以下的", "以内的", "及以上的", "以上人口", "+", "号", "全会", "党代会")

# Political formulas and named policies that begin with a numeral (unquoted).
FORMULAS = (
    "八项规定", "五项管理", "四个意识", "四个自信", "两个维护", "四个全面", "两个覆盖",
    "三个课堂", "四个不摘", "两个只增不减", "五育并举", "三位一体", "三全育人", "五个一",
    "四个服务", "三个面向", "两个确保", "四个回归", "六个一律", "六个旗帜鲜明", "十项准则",
    "三项制度", "两个责任", "一岗双责", "三名工程", "三亿人", "3亿人", "三类特殊教育学校",
    "24小时",  # round the clock (24小时值班, 24小时热线), not a quantity
    # place names that begin with a numeral and a measure word
    "五台山", "五台县", "七台河", "九台", "三门峡", "六盘水", "十堰", "五家渠", "八宿", "四会",
)

# 一 counts as a number only right after one of these (至少一所, 新建一所).
# ... but never before these: 一批, 一些 mean "some".
ONE_NEVER_UNITS = ("批", "些", "系列", "批次")
ONE_OK_BEFORE = ("至少", "不少于", "新建", "建成", "建设", "增加", "增设", "新增", "办好",
                 "创建", "打造", "培育", "认定", "每县", "每校", "每个")

# Comparator words.  Goal verbs mean "at least" in a plan, the reported figure in a summary.
AT_LEAST_BEFORE = ("不低于", "不少于", "不下于", "超过", "高于", "多于", "至少", "确保", "突破", "逾")
AT_MOST_BEFORE = ("不超过", "不高于", "不多于", "控制在", "低于", "少于", "压减到", "压缩到", "降低到", "降至", "降到")
ABOUT_BEFORE = ("大约", "约为", "约", "近", "接近", "将近")
GOAL_BEFORE = ("达到", "提高到", "提升到", "提高至", "提升至", "增加到", "增长到", "增至", "提速到", "提速至",
               "保持在", "稳定在", "实现", "达", "力争")
# A plan's clause opening with one of these states a goal: its figure is a floor
# (使集团成员学校数量占义务教育学校数量的80%).
GOAL_CLAUSE = ("使", "力争", "争取", "努力")
AT_LEAST_AFTER = ("以上", "及以上", "余", "多", "以上的")
AT_MOST_AFTER = ("以下", "以内", "及以下")
ABOUT_AFTER = ("左右", "上下")

# Words stripped from the ends of a metric's left context, repeatedly.
METRIC_TRAILING = tuple(sorted(set(
    AT_LEAST_BEFORE + AT_MOST_BEFORE + ABOUT_BEFORE + GOAL_BEFORE
    + ("达到了", "已达到", "已达", "均达到", "均", "分别", "全部", "累计", "共计", "总计", "共",
       "为", "是", "在", "了", "已", "再", "又", "的", "各", "增长", "提升", "提高", "保持", "维持在", "稳定",
       "其中", "占", "计划", "规划", "每年", "分别达到", "均为", "完成", "一直")
), key=len, reverse=True))
METRIC_LEADING = ("计划", "规划", "截至目前", "截止目前", "目前", "全市", "全县", "全区", "全省", "我市", "确保",
                  "力争", "使", "其中", "进一步", "努力", "同时", "积极", "继续", "年内", "今年",
                  "全年", "累计", "共", "并", "加快", "推动", "推进", "争取", "要", "在", "和",
                  "及", "等", "分别", "已", "每年")
METRIC_DROP = ("各级各类", "全市", "全县", "全区")
CONJUNCTIONS = ("和", "及", "与", "以及", "、")
# A Chinese numeral right after a list (A、B、C三个…, …等三个) totals the items
# listed: a description, not a commitment.  Arabic figures are kept (忻府、岢岚2个区
# is a commitment for two named counties): the genre writes commitments in Arabic.
LIST_WINDOW = 30
HARD_CLAUSE_BOUNDARY = "，。；：！？\n"
# Generic words that need the subject of the clause before them (…5.11万人，占比60%).
METRIC_GENERIC = ("占比", "比例", "占", "比重")
# The thing counted, after the unit, ends at one of these.
RIGHT_STOP = ("和", "及", "与", "并", "的", "进行", "结成", "开展", "达到", "实现", "完成",
              "全部", "全面", "等", "以", "为", "被", "分别", "获", "共", "其中", "占", "建设",
              "改造", "任务", "工作", "工程", "投入", "达标", "验收", "目标", "对", "用于", "将")
# ... and at one of these, unless the phrase begins with it (骨干教师|赴外省 but 两次|赴石家庄接返).
RIGHT_PREDICATE = ("赴", "到", "前往")

# Verbs that only report a figure (完成检查6次 counts 检查): dropped from a metric's start.
REPORTING_VERBS = ("圆满完成", "圆满", "完成", "有", "落实", "实现", "全面", "持续", "认真及时", "认真", "及时", "先后",
                   "总计", "共计", "累计", "共", "全部", "已经", "已", "都", "均")
# Verbs that define what is counted (新建、改扩建幼儿园37所): kept, and a list of
# them joined across 、.
DEFINING_VERBS = ("新建", "改建", "扩建", "改扩建", "新改扩建", "迁建", "建设", "建成", "改造", "认定",
                  "创建", "培训", "培养", "培树", "招聘", "补充", "资助", "评选", "新增", "增加", "撤并",
                  "治理", "打造", "建立", "组建", "整改", "回收", "提升", "招收", "举办", "配备")
# Nouns that say nothing on their own: a metric that is one of them takes the
# subject of the clause before (…学习12次，内容28项) or what is said of it
# (15所学校被命名为…; 11个县市区全部成立…).  Never a metric by themselves.
GENERIC_NOUNS = ("学校", "内容", "工作", "县市区", "县区", "县市", "区县", "面积", "资金", "经费", "金额",
                 "规模", "总数", "数量", "人数", "项目", "专业", "课", "高校", "教师", "学生", "幼儿园",
                 "人员", "人", "个人", "单位", "活动")
# What a figure measures of something else (面积, 资金): a clause whose subject ends
# in one of these is no subject for the next generic noun (规划资金…，面积…).
MEASURE_NOUNS = ("资金", "面积", "经费", "金额", "规模", "总数", "内容", "占比", "比例", "比重")
# 学校被(省教育厅)评为X: the metric is X.
PASSIVE_VERBS = ("命名为", "评为", "授予", "认定为", "确定为", "列为", "评选为", "表彰为", "推荐")
# Adverbs between a counted noun and what is said of it (县市区全部成立…).
ADVERBS = ("全部", "均", "都", "已", "先后", "陆续", "分别", "全面", "顺利", "逐一", "一直", "正式")
# A metric left empty falls back to the usual object of its unit.
UNIT_OBJECT = {"所": "学校", "校": "学校", "园": "幼儿园", "名": "人数", "人": "人数", "人次": "人次",
               "元": "资金", "万元": "资金", "亿元": "资金", "平方米": "面积", "万平方米": "面积",
               "亩": "面积", "兆": "带宽", "节": "课时", "课时": "课时", "学时": "学时", "次": "次数",
               "场": "场次", "场次": "场次", "%": "比例", "比": "比例", "个": "数量", "项": "项目"}
# ... and a bare generic noun gets the quantity its unit counts (专业 → 专业数量).
COUNT_SUFFIX = {"名": "人数", "人": "人数", "人次": "人次", "次": "次数", "场": "场次", "元": "资金",
                "平方米": "面积", "%": "比例"}

# Deadlines, as regular expressions (tried in this order, leftmost match wins).
YEAR = r"(?:19|20)[0-9]{2}年"
MONTH = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月"
DEADLINE_PATTERNS = (
    rf"(?:到|至|于|在)?{YEAR}(?:{MONTH})?(?:年底|底|末|上半年|下半年|秋季学期|春季学期|秋季|春季)?(?:前|之前|以前)",
    rf"(?:到|至|于|在)?{YEAR}(?:{MONTH}|年底|底|末|上半年|下半年|秋季学期|春季学期|秋季|春季)",
    rf"到{YEAR}",
    rf"(?:到|至|于|在)?{MONTH}(?:底|末|中旬|上旬|下旬|份)?(?:前|之前|以前)",
    rf"(?:到|至|于|在){MONTH}(?:底|末|中旬|上旬|下旬|份)?(?![0-9一二三四五六七八九十]+日)",
    rf"{MONTH}(?:底|末|中旬|上旬|下旬)",
    r"(?:力争)?用(?:[0-9]+|[一二两三四五六七八九十]+)年(?:左右)?时间",
    r"上半年|下半年|年内|年底前|年底|年末|秋季学期|春季学期|秋季开学前|暑期前|寒假前|开学前|本学期|本年度|年度内|今年内",
)

# A quoted phrase is a name or slogan (figures inside ignored) when it is short,
# ends like a name, holds a comma (“一年补短板，二年有转机”) or two figures
# (“1个组织、39个岗位”); a longer quoted requirement (“学生每天校内校外各1小时”)
# is read, and so is a quoted count of figures (达到“三个100%”).
QUOTE_NAME_MAX = 8
QUOTE_NAME_SUFFIXES = ("工程", "计划", "行动", "制度", "机制", "项目", "活动", "模式", "体系",
                       "目标", "课堂", "工作", "证书", "试点", "改革", "规划", "战略", "方针")
QUOTED_TARGET = r"[两二三四五六七八九十]个[0-9.]+[%％]"

# Characters that end a clause (the metric's left context stops there).
CLAUSE_BOUNDARY = "，。；：！？、（）()“”《》〈〉【】,;:!?\n\t "
SENTENCE_BOUNDARY = "。；！？;!?\n"
