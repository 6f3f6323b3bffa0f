"""The word lists that configure the entity components (data, not code).

Each list is passed to its spaCy component as configuration, so it shows in
``nlp.config`` and can be overridden without touching the matchers.  They
describe the genre (how Chinese education plans name things), not any one file.
"""

from __future__ import annotations

# Words a programme name ends with.  STRONG heads make an unquoted phrase a
# programme name on their own; QUOTED heads only count right after a quoted
# name (“五个一”活动, “三零”单位创建), where the quotes already mark a name.
STRONG_HEADS = (
    "行动计划", "支持计划", "提升计划", "培训计划", "计划",
    "专项工程", "系统工程", "工程",
    "三年行动", "专项行动", "提升行动", "攻坚行动", "行动",
    "试点", "活动周", "宣传周", "宣传月", "活动月", "工作室", "公共服务平台",
    "管理改革", "制度改革", "综合改革", "体制改革", "机制改革", "改革",
    "责任制", "负责制", "大讨论",
)
QUOTED_HEADS = STRONG_HEADS + (
    "主题教育实践活动", "主题教育活动", "主题教育", "实践教育活动", "教育实践活动", "实践活动",
    "主题活动", "系列活动", "活动", "创建", "建设", "制度", "机制", "项目", "模式", "课堂",
    "大赛", "比赛", "竞赛", "评选", "战略", "品牌", "平台", "训练营",
    "教育实践", "工作法", "责任体制", "评价", "进校园", "进课堂", "进社区", "进家庭",
)
# Heads that say only "the work on" something: a quoted numbered formula with
# nothing but one of these after it is the formula itself (“三防”建设, “三不”机制).
WEAK_HEADS = ("建设", "机制", "战略", "模式")
# A quoted name ending like this names a body or a place, not an initiative
# (“家教讲师团”, “围场教师培训基地”); with honours and titles it is neither kind.
BODY_ENDINGS = ("单位", "集体", "城市", "组织", "基地", "讲师团", "智库", "联盟")

# A name starts after one of these (the verb or the joint before it).
LEFT_STOPS = (
    "实施", "推进", "开展", "深化", "落实", "启动", "推动", "组织", "完善", "健全", "建立",
    "加强", "推行", "创建", "做好", "抓好", "办好", "继续", "持续", "扎实", "深入", "全面",
    "积极", "认真", "稳步", "加快", "探索", "坚持", "巩固", "参与", "申报", "承办", "举办",
    "打造", "制定", "出台", "贯彻", "执行", "用好", "依托", "通过", "围绕", "结合", "加大",
    "强化", "提升", "按照", "根据", "实行", "构建", "谋划", "召开", "配合", "支持", "指导",
    "启用", "开设", "利用", "做实", "接续", "研制", "规划", "印发", "确保", "完成", "迎接",
    "做到", "实现", "进行", "适应", "督促", "按",
    "的", "和", "与", "及", "或", "等", "为", "在", "对", "将", "把", "以", "由", "向", "了",
)
STOP_CHARS = "，。；：、！？（）()《》<>〈〉“”\"'‘’【】[]—…·\n\t "

# What may follow the end of an unquoted name (else the head is inside a longer word).
TAIL_OK = LEFT_STOPS + (
    "工作", "建设", "实施", "成果", "成效", "任务", "要求", "目标", "水平", "质量", "力度", "落地",
    "见效", "取得", "备案", "经验", "相关", "政策", "项目", "活动", "系列", "方案", "进程", "覆盖",
    "全覆盖", "中", "上", "下", "后", "前", "期间", "覆盖面", "各项", "有关", "专项",
)

# Names that have a programme head but name nothing (工作机制, 各项改革).
GENERIC_NAMES = (
    "工作", "长效", "管理", "相关", "各项", "各类", "评价", "保障", "运行", "协调", "联动",
    "考核", "监督", "奖惩", "激励", "责任", "问责", "年度", "重点", "专项", "改革", "综合",
    "教育", "教学", "培训", "有效", "学校", "民生", "建设", "发展", "本年度", "系列", "全年",
    # scopes and plain fields of work: 省级培训计划, 人事制度改革, 课程教学改革
    "国家", "国家级", "省级", "市级", "县级", "校级", "人事", "课程", "课程教学", "教师", "教师管理",
)
# A name core ending like this is a schedule or the work itself (学习计划, 招生计划).
GENERIC_CORE_ENDINGS = ("招生", "工作", "年度", "学习")

# Quoted contents that are period labels, not slogans (“十四五”, “七五”).
PERIOD_CHARS = "一二三四五六七八九十"
# A quoted formula starting with a number is a slogan unless a head follows.
NUMERALS = "一二两三四五六七八九十百千万0123456789"
# What follows a quoted honour or title (“…先进单位”称号): neither kind.
HONOUR_TAILS = ("称号", "荣誉", "先进", "奖", "示范校", "标兵")
MAX_TAIL = 10  # chars of a quoted name's tail searched for a head
MAX_NAME = 22  # longest unquoted programme name

# Institutions: suffixes (longest first) and words that make a name generic.
INSTITUTION_SUFFIXES = (
    "职业技术学院", "师范学院", "职业学院", "开放大学", "广播电视大学", "电视大学", "大学",
    "分校", "学院", "研究院", "进修学校", "实验学校", "职业学校", "中学", "一中", "二中", "三中",
    "小学", "幼儿园", "学校",
)
INSTITUTION_GENERIC = (
    "中小学", "中学", "小学", "大学", "学院", "学校", "幼儿园", "高校", "院校", "民办",
    "公办", "普通", "特殊教育", "寄宿制", "职业", "各", "全市", "全县", "本科", "高职", "中职",
    "中职学校", "基础教育学校", "职业学校", "高中", "薄弱", "优质", "乡村", "农村", "城区", "城市", "乡镇", "示范", "标准化", "在线", "老年",
    "社区", "党校", "附属", "新建", "各级", "驻市", "直属", "市属", "县属", "区属",
)
INSTITUTION_PREFIX_WORDS = ("市", "省", "县", "区")  # 市教师进修学院
