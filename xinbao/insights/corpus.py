"""A synthetic corpus of Chinese government-style information items, for benchmarks and tests.

Written for this project (no outside texts, so no licence question: it is the project's own code and
output, under the project's licence). Each text is assembled from sentence patterns typical of 信息
(动态、经验、问题、调研), with places, topics, measures, figures and people drawn at random, so two
unrelated texts share only the office's stock phrases — as real ones do.

``near_duplicate`` makes an edited copy the way units re-report the same event: sentences reordered,
a different title, the unit's name replaced, and 10–30% of the characters rewritten in short spans.
``labelled`` gives texts with the category they were written as (for the suggestion benchmark).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .text import normalise

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
PLACE_A = (
    "东西南北中上下前后大小新老长平安兴隆福寿金银铜铁石玉青红白黄绿清河湖山川岭峰桥溪泉林松柏桃李杏梅兰竹菊云霞星月阳"
)
PLACE_B = ["镇", "乡", "街道", "社区", "村", "开发区", "园区"]
TOPICS = [
    "农村饮水安全",
    "秋粮收购",
    "老旧小区改造",
    "基层网格治理",
    "营商环境优化",
    "森林防火",
    "防汛抗旱",
    "乡村民宿",
    "校外培训治理",
    "农村寄递物流",
    "医保基金监管",
    "高校毕业生就业",
    "河长制落实",
    "安全生产检查",
    "招商引资",
    "冷链物流",
    "数字乡村建设",
    "居家养老服务",
    "耕地保护",
    "信访积案化解",
    "燃气管道改造",
    "义务教育均衡",
    "农民工工资支付",
    "小微企业融资",
    "生活垃圾分类",
    "农村人居环境整治",
    "电动自行车充电",
    "食品安全抽检",
    "畜禽粪污治理",
    "高标准农田建设",
    "新能源汽车产业",
    "社区食堂",
    "矛盾纠纷调解",
    "防范电信诈骗",
    "特色产业园",
    "文旅融合",
    "夜间经济",
    "退役军人服务",
    "残疾人托养",
    "村级集体经济",
]
MEASURES = [
    "成立工作专班",
    "建立周调度机制",
    "实行清单化管理",
    "开展拉网式排查",
    "推行网格化服务",
    "引入第三方评估",
    "设立专项资金",
    "组织业务培训",
    "开通服务热线",
    "建立联席会议制度",
    "实施挂图作战",
    "推行首问负责制",
    "开展入户走访",
    "建立台账销号制度",
    "组建志愿服务队",
    "引进龙头企业",
    "搭建线上平台",
    "落实包保责任",
]
PROBLEMS = [
    "资金投入不足",
    "专业人员缺乏",
    "部门协同不够",
    "群众参与度不高",
    "配套设施滞后",
    "监管手段单一",
    "政策宣传不到位",
    "历史遗留问题多",
    "基层负担较重",
    "信息共享不畅",
    "运营成本偏高",
    "标准体系不健全",
]
EFFECTS = [
    "群众满意度明显提升",
    "办事时间缩短一半",
    "问题发现率大幅提高",
    "投诉数量同比下降",
    "产业规模持续扩大",
    "村集体收入稳步增长",
    "安全隐患有效消除",
    "服务覆盖面不断扩大",
    "企业获得感显著增强",
    "工作效率明显提高",
]

TITLES = {
    "news": ["{p}扎实推进{t}", "{p}召开{t}推进会", "{p}{t}取得阶段性成效"],
    "experience": ["{p}“{q}”破解{t}难题", "{p}探索{t}新路径", "{p}以{m}推动{t}见实效"],
    "problem": ["{p}{t}存在{r}等问题亟待关注", "关于{p}{t}中存在问题的反映", "{t}面临{r}困境"],
    "research": ["关于{p}{t}情况的调研报告", "{p}{t}调研：现状、问题与对策", "推进{t}的调查与思考"],
}
QUOTES = ["三清三查", "五步工作法", "一网通办", "街巷吹哨", "院坝说事", "积分制管理", "红黑榜", "一站式调解"]


OPENERS = [
    "今年以来，",
    "近年来，",
    "为切实做好{t}工作，",
    "针对{r}的实际，",
    "{d}，",
    "按照上级部署，",
    "立足当地实际，",
    "在前期试点基础上，",
    "进入{season}以来，",
    "自{d}起，",
    "围绕{t}目标，",
    "为回应群众关切，",
    "据初步统计，",
    "从走访情况看，",
    "截至{d}，",
    "对照年度任务，",
    "结合{t}专项行动，",
    "在{x}的推动下，",
    "",
]
SUBJECTS = ["{p}", "{p}党委", "{p}政府", "{p}{dept}", "{x}带领的工作组", "{p}各村（社区）", "{dept}", "驻村工作队"]
DEPTS = [
    "农业农村办",
    "综治中心",
    "便民服务中心",
    "财政所",
    "应急管理办",
    "社会事务办",
    "经济发展办",
    "自然资源所",
    "市场监管所",
    "派出所",
    "卫生院",
    "中心学校",
    "供电所",
    "水利站",
    "文化站",
    "司法所",
]
OBJECTS = [
    "村级文化广场",
    "污水处理站",
    "便民服务点",
    "冷库",
    "充电桩",
    "农村公路",
    "饮水管网",
    "日间照料中心",
    "标准化厂房",
    "蔬菜大棚",
    "人行天桥",
    "应急避难场所",
    "智慧停车场",
    "快递驿站",
    "垃圾中转站",
    "卫生室",
    "老年食堂",
    "电商服务站",
    "防汛物资仓库",
    "口袋公园",
    "消防站",
    "农贸市场",
    "党群服务中心",
    "幼儿园",
]
CLAUSES = [
    "{m}",
    "投入资金{n}万元用于{o}建设",
    "新建{o}{k}处",
    "排查{o}隐患{n}处，整改{k}处",
    "改造{o}{k}个",
    "帮助{k}家企业解决用工、融资等难题",
    "化解矛盾纠纷{n}起",
    "组织{n}名党员干部下沉一线",
    "印发{t}实施方案",
    "将{t}纳入年度目标考核",
    "引导{k}户群众参与{o}管护",
    "开展{t}专项督查{k}次",
    "召开现场推进会{k}场",
    "对{k}个重点村实行挂牌督办",
    "争取上级资金{n}万元",
    "培育{k}家示范合作社",
    "建成{o}并投入使用",
    "完成{o}选址和设计",
    "签约项目{k}个、总投资{n}亿元",
    "累计受理群众诉求{n}件，办结率{k}%",
    "发放宣传资料{n}份",
    "出动执法人员{n}人次",
    "建立{o}长效管护机制",
    "实现{o}行政村全覆盖",
]
RESULTS = [
    *EFFECTS,
    "相关经验被{level}推广",
    "群众点赞声不断",
    "走出了一条可复制的路子",
    "{o}使用率达到{k}%",
    "形成了较为完整的工作闭环",
    "基本实现“小事不出村”",
    "短板弱项得到有效补齐",
]
PROBLEM_LINES = [
    "但也要看到，{r}的问题仍较突出",
    "部分{o}存在{r}的情况",
    "{x}反映，{r}已成为制约{t}的瓶颈",
    "调查中发现，{r}导致{o}闲置",
    "群众对{o}的意见主要集中在{r}",
    "少数村（社区）{r}，工作推进缓慢",
]
ADVICE = [
    "建议{m}",
    "建议上级部门加大对{o}的支持力度",
    "建议将{t}列入民生实事",
    "建议建立{t}督查问责机制",
    "建议统筹整合{o}相关资金",
    "建议尽快出台{t}配套政策",
]
SEASONS = ["汛期", "秋收", "冬季", "春耕", "暑期", "旅游旺季"]
LEVELS = ["市里", "省里", "县委", "有关部门"]
CATEGORY_SHAPE = {  # (sentences of action, of problem, of advice) per category: what makes it that kind
    "news": (5, 0, 0),
    "experience": (5, 0, 0),
    "problem": (1, 3, 2),
    "research": (3, 2, 2),
}


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_A) + rng.choice(PLACE_A) + rng.choice(PLACE_B)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(["某", "同志", "书记", "主任", "镇长"])


def _fill(pattern: str, rng: random.Random, place: str, topic: str) -> str:
    values = {
        "p": place,
        "t": topic,
        "d": f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        "n": rng.randint(3, 980),
        "k": rng.randint(2, 98),
        "m": rng.choice(MEASURES),
        "e": rng.choice(EFFECTS),
        "r": rng.choice(PROBLEMS),
        "q": rng.choice(QUOTES),
        "x": _person(rng),
        "o": rng.choice(OBJECTS),
        "dept": rng.choice(DEPTS),
        "season": rng.choice(SEASONS),
        "level": rng.choice(LEVELS),
    }
    return pattern.format(**values)


def _sentence(rng: random.Random, place: str, topic: str, kind: str) -> str:
    if kind == "act":
        clauses = "，".join(_fill(c, rng, place, topic) for c in rng.sample(CLAUSES, rng.randint(1, 3)))
        text = rng.choice(OPENERS) + rng.choice(SUBJECTS) + clauses + "，" + rng.choice(RESULTS)
    elif kind == "problem":
        text = rng.choice(OPENERS) + rng.choice(PROBLEM_LINES)
    else:
        text = rng.choice(ADVICE)
    return _fill(text, rng, place, topic) + "。"


@dataclass
class Text:
    title: str
    body: str
    category: str
    place: str
    topic: str


def text(rng: random.Random, category: str | None = None) -> Text:
    """One item: a title and 5–8 sentences in the manner of ``category``."""
    category = category or rng.choice(list(CATEGORY_SHAPE))
    place, topic = _place(rng), rng.choice(TOPICS)
    acts, problems, advice = CATEGORY_SHAPE[category]
    kinds = ["act"] * rng.randint(max(1, acts - 1), acts + 1) + ["problem"] * problems + ["advice"] * advice
    sentences = [_sentence(rng, place, topic, kind) for kind in kinds]
    title = _fill(rng.choice(TITLES[category]), rng, place, topic)
    return Text(title, "".join(sentences), category, place, topic)


def near_duplicate(rng: random.Random, original: Text, *, change: float | None = None) -> Text:
    """An edited copy: sentences reordered, a new title, another unit's name, and ``change`` (10–30%)
    of the characters rewritten in short spans (2–6 characters, as an editor rewrites a phrase)."""
    change = rng.uniform(0.10, 0.30) if change is None else change
    sentences = [s + "。" for s in original.body.split("。") if s]
    rng.shuffle(sentences)
    new_place = _place(rng)
    body = "".join(sentences).replace(original.place, new_place)
    chars = list(body)
    budget = int(len(chars) * change)
    filler = normalise("".join(_sentence(rng, new_place, original.topic, "act") for _ in range(3)))
    while budget > 0:
        span = min(rng.randint(2, 6), budget)
        at = rng.randrange(0, max(1, len(chars) - span))
        for i in range(span):
            chars[at + i] = rng.choice(filler)
        budget -= span
    title = _fill(rng.choice(TITLES[original.category]), rng, new_place, original.topic)
    return Text(title, "".join(chars), original.category, new_place, original.topic)


def labelled(n: int, seed: int = 7) -> list[Text]:
    rng = random.Random(seed)
    return [text(rng, rng.choice(list(CATEGORY_SHAPE))) for _ in range(n)]
