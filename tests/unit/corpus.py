"""A corpus of messy real-world document texts (made up, built as real ones arrive) with their expected metadata.

Each pattern of issue 10 is here, alone and combined: web-page captures with site chrome and glued page lines,
disclosure-page header blocks in every layout, lost line breaks, red and joint headers, titles broken across
lines, abbreviated signatures, marks run together with the date line and numbers in the wild.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CorpusDocument:
    """A text and the metadata a careful drafter would read from it (None: the text does not say)."""

    name: str
    patterns: tuple[str, ...]
    text: str
    title: str | None
    doc_number: str | None
    formed_on: date | None
    issuer: str | None
    index_no: str | None = None
    attribute_mark: str | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def expected(self) -> dict[str, object]:
        """The six fields of the metadata, by name."""
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "formed_on": self.formed_on,
            "issuer": self.issuer,
            "index_no": self.index_no,
            "attribute_mark": self.attribute_mark,
        }


WEB, BLOCK, FLAT, RED, JOINT, BROKEN, ABBREV, MARK, NUMBER = (
    "web", "header_block", "lost_breaks", "red_header", "joint_header", "broken_title", "abbreviated_signature",
    "mark_run_together", "wild_number",
)  # fmt: skip

BODY = (
    "　　为进一步做好有关工作，经研究，现将有关事项通知如下。\n"
    "　　一、提高认识，加强领导。\n　　二、落实责任，按时报送。"
)

CORPUS: tuple[CorpusDocument, ...] = (
    CorpusDocument(
        "web capture with chrome, breadcrumb and the page line glued to the title",
        (WEB,),
        """登录 | 注册
江州市人民政府门户网站
首页 政务公开 政策文件 办事服务 互动交流
您现在的位置：首页 > 政务公开 > 通知公告
江州市人民政府办公室关于印发江州市2018年重点工作目标任务分解方案的通知 """
        """信息来源：江州市人民政府办公室 发布日期：2018-06-14 浏览次数：1032
字号：大 中 小
江政办发〔2018〕52号
各区县人民政府，市政府各部门：
　　《江州市2018年重点工作目标任务分解方案》已经市政府同意，现印发给你们，请认真组织实施。
江州市人民政府办公室
2018年6月12日
（此件公开发布）
打印本页 关闭窗口
主办单位：江州市人民政府办公室 ICP备05001234号
""",
        title="江州市人民政府办公室关于印发江州市2018年重点工作目标任务分解方案的通知",
        doc_number="江政办发〔2018〕52号",
        formed_on=date(2018, 6, 12),
        issuer="江州市人民政府办公室",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "web capture with a site name after the title and a page date unlike the signature",
        (WEB,),
        """登录　注册　无障碍　长者模式
海滨市卫生健康委员会关于做好2021年冬春季传染病防控工作的通知_海滨市人民政府
【字体：大 中 小】【打印】【关闭】
发布时间：2021-11-30 09:12:44　来源：市卫生健康委
（海卫发〔2021〕88号）
各区县卫生健康局，委属各单位：
""" + BODY + """
海滨市卫生健康委员会
2021年11月26日
扫一扫在手机打开当前页
""",
        title="海滨市卫生健康委员会关于做好2021年冬春季传染病防控工作的通知",
        doc_number="海卫发〔2021〕88号",
        formed_on=date(2021, 11, 26),
        issuer="海滨市卫生健康委员会",
    ),
    CorpusDocument(
        "disclosure block with padded names, ASCII colons and several fields on a line",
        (BLOCK,),
        """索  引 号:  11360100MB0123456K/2019-00045      主题分类:  教育
发文机关:  临川县教育体育局                    成文日期:  2019年03月18日
标      题:  临川县教育体育局关于开展2019年中小学校园安全隐患排查整治工作的通知
发文字号:  临教体发[2019]9号          发布日期:  2019-03-22
有 效 性:  有效

临川县教育体育局关于开展2019年中小学校园安全隐患排查整治工作的通知
各乡镇中心学校，县直各学校：
""" + BODY + """
临川县教育体育局
2019年3月18日
""",
        title="临川县教育体育局关于开展2019年中小学校园安全隐患排查整治工作的通知",
        doc_number="临教体发〔2019〕9号",
        formed_on=date(2019, 3, 18),
        issuer="临川县教育体育局",
        index_no="11360100MB0123456K/2019-00045",
    ),
    CorpusDocument(
        "disclosure block with bullets, values below their names, empty fields, the block repeated",
        (BLOCK,),
        """· 索引号：
000014349/2020-00312
· 发布机构：
云岭省生态环境厅
· 发文字号：
· 成文日期：
2020年07月02日
· 主题分类：
· 索引号：
000014349/2020-00312
· 发布机构：
云岭省生态环境厅

云岭省生态环境厅关于进一步加强危险废物规范化环境管理的通知
各州、市生态环境局：
""" + BODY + """
云岭省生态环境厅
2020年7月2日
""",
        title="云岭省生态环境厅关于进一步加强危险废物规范化环境管理的通知",
        doc_number=None,
        formed_on=date(2020, 7, 2),
        issuer="云岭省生态环境厅",
        index_no="000014349/2020-00312",
    ),
    CorpusDocument(
        "disclosure block whose 发文日期 is the page's, not the formation date",
        (BLOCK,),
        """索引号：QSQ-2022-000731　　发文日期：2022年05月09日
标题：青石区民政局关于调整城乡最低生活保障标准的通知
文号：青民发〔2022〕14号

青石区民政局关于调整城乡最低生活保障标准的通知
各街道办事处、镇人民政府：
""" + BODY + """
青石区民政局
2022年4月29日
（此件公开发布）
""",
        title="青石区民政局关于调整城乡最低生活保障标准的通知",
        doc_number="青民发〔2022〕14号",
        formed_on=date(2022, 4, 29),
        issuer="青石区民政局",
        index_no="QSQ-2022-000731",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "the whole text on one line",
        (FLAT, RED),
        "江州市教育局文件 江教发〔2019〕15号 江州市教育局关于做好2019年秋季学期开学工作的通知 各区县教育局，"
        "局属各学校： 　　为做好2019年秋季学期开学工作，确保校园安全稳定，现将有关事项通知如下。 　　一、做好开学"
        "准备。各校要在开学前完成校舍安全排查。 　　二、加强疫情防控。 江州市教育局 2019年8月20日 （此件公开发布）",
        title="江州市教育局关于做好2019年秋季学期开学工作的通知",
        doc_number="江教发〔2019〕15号",
        formed_on=date(2019, 8, 20),
        issuer="江州市教育局",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "two lines with the opening repeated",
        (FLAT,),
        "海滨市民政局关于开展2020年度社会组织年检工作的通知 2020-03-05 海民发〔2020〕8号 各区县民政局： "
        "海滨市民政局关于开展2020年度社会组织年检工作的通知 2020-03-05 海民发〔2020〕8号 各区县民政局：\n"
        "　　根据《社会团体登记管理条例》，市民政局决定开展2020年度社会组织年检工作，请于2020年5月31日前报送。 "
        "　　特此通知。 海滨市民政局 2020年3月5日",
        title="海滨市民政局关于开展2020年度社会组织年检工作的通知",
        doc_number="海民发〔2020〕8号",
        formed_on=date(2020, 3, 5),
        issuer="海滨市民政局",
    ),
    CorpusDocument(
        "one line without spaces, the signature glued to the last sentence",
        (FLAT, MARK),
        "临川县人民政府关于公布2021年县级重大行政决策事项目录的通知各乡镇人民政府，县政府各部门：现将《临川县"
        "2021年县级重大行政决策事项目录》予以公布，请认真抓好落实。决策承办单位要严格履行公众参与、专家论证、风险"
        "评估、合法性审查和集体讨论决定等法定程序。特此通知。临川县人民政府2021年2月26日（此件公开发布）",
        title=None,
        doc_number=None,
        formed_on=date(2021, 2, 26),
        issuer="临川县人民政府",
        attribute_mark="proactive",
        notes={"title": "the title runs into the addressee with no break: not guessed"},
    ),
    CorpusDocument(
        "red header, the number on its own line with the signer",
        (RED,),
        """000215
特急

云岭省人民政府文件

云政发〔2023〕4号　　　　　　　　签发人：王某某

云岭省人民政府
关于加快推进数字政府建设的实施意见

各州、市人民政府，省直各委、办、厅、局：
""" + BODY + """

云岭省人民政府
2023年1月16日
（此件公开发布）
""",
        title="云岭省人民政府关于加快推进数字政府建设的实施意见",
        doc_number="云政发〔2023〕4号",
        formed_on=date(2023, 1, 16),
        issuer="云岭省人民政府",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "joint header interleaved when the page was flattened",
        (JOINT, RED),
        """江州 经济开发区 市 社会事业局文件

江开社发〔2020〕3号

关于做好2020年开发区困难群众冬季救助工作的通知

各街道办事处，各有关单位：
""" + BODY + """

江州经济开发区　　　　江州市社会事业局
2020年12月1日
""",
        title="关于做好2020年开发区困难群众冬季救助工作的通知",
        doc_number="江开社发〔2020〕3号",
        formed_on=date(2020, 12, 1),
        issuer="江州经济开发区、江州市社会事业局",
    ),
    CorpusDocument(
        "title broken mid-phrase across three lines",
        (BROKEN, RED),
        """海滨市交通运输局文件

海交发〔2019〕27号

海滨市交通运输局关于印发海滨市
2019年农村公路建设养护
目标任务分解方案的通知

各区县交通运输局：
""" + BODY + """

海滨市交通运输局
2019年4月3日
""",
        title="海滨市交通运输局关于印发海滨市2019年农村公路建设养护目标任务分解方案的通知",
        doc_number="海交发〔2019〕27号",
        formed_on=date(2019, 4, 3),
        issuer="海滨市交通运输局",
    ),
    CorpusDocument(
        "a stray space inside the title",
        (BROKEN,),
        """青石区人民政府办公室关于印发青石区2020年重点工作 目标任务分解方案的通知
青府办发〔2020〕11号
各街道办事处，区政府各部门：
""" + BODY + """
青石区人民政府办公室
2020年2月18日
""",
        title="青石区人民政府办公室关于印发青石区2020年重点工作目标任务分解方案的通知",
        doc_number="青府办发〔2020〕11号",
        formed_on=date(2020, 2, 18),
        issuer="青石区人民政府办公室",
    ),
    CorpusDocument(
        "abbreviated signature 市府办 under a full header",
        (ABBREV, RED),
        """江州市人民政府办公室文件

江府办发〔2017〕96号

关于进一步规范行政事业性收费管理的通知

各区县人民政府，市政府各部门：
""" + BODY + """

市府办
2017年9月8日
（此件公开发布）
""",
        title="关于进一步规范行政事业性收费管理的通知",
        doc_number="江府办发〔2017〕96号",
        formed_on=date(2017, 9, 8),
        issuer="江州市人民政府办公室",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "abbreviated signature 省府办公厅, the title naming the organ in full",
        (ABBREV,),
        """云岭省人民政府办公厅关于印发云岭省促进家政服务业提质扩容实施方案的通知
云政办发〔2019〕61号
各州、市人民政府，省直各委、办、厅、局：
""" + BODY + """
省府办公厅
2019年10月12日
""",
        title="云岭省人民政府办公厅关于印发云岭省促进家政服务业提质扩容实施方案的通知",
        doc_number="云政办发〔2019〕61号",
        formed_on=date(2019, 10, 12),
        issuer="云岭省人民政府办公厅",
    ),
    CorpusDocument(
        "the date line run together with its mark",
        (MARK,),
        """临川县财政局关于下达2022年县级衔接推进乡村振兴补助资金的通知
临财农〔2022〕21号
各乡镇人民政府：
""" + BODY + """
临川县财政局
2022年3月9日（此件公开发布）
""",
        title="临川县财政局关于下达2022年县级衔接推进乡村振兴补助资金的通知",
        doc_number="临财农〔2022〕21号",
        formed_on=date(2022, 3, 9),
        issuer="临川县财政局",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "a number typed with square brackets and spaces",
        (NUMBER, RED),
        """临川县人民政府办公室文件

临政办发[2018] 52 号

临川县人民政府办公室关于做好2018年防汛抗旱工作的通知

各乡镇人民政府，县政府各部门：
""" + BODY + """

临川县人民政府办公室
2018年5月2日
""",
        title="临川县人民政府办公室关于做好2018年防汛抗旱工作的通知",
        doc_number="临政办发〔2018〕52号",
        formed_on=date(2018, 5, 2),
        issuer="临川县人民政府办公室",
    ),
    CorpusDocument(
        "a number typed with full-width round brackets",
        (NUMBER,),
        """海滨市人民政府关于公布海滨市第三批市级非物质文化遗产代表性项目名录的通知
海府发（2018）7号
各区县人民政府，市政府各部门：
""" + BODY + """
海滨市人民政府
2018年8月30日
""",
        title="海滨市人民政府关于公布海滨市第三批市级非物质文化遗产代表性项目名录的通知",
        doc_number="海府发〔2018〕7号",
        formed_on=date(2018, 8, 30),
        issuer="海滨市人民政府",
    ),
    CorpusDocument(
        "a number with 第 and a leading zero",
        (NUMBER, RED),
        """青石区应急管理局文件
青应急发〔2018〕第07号
青石区应急管理局关于开展安全生产大检查的通知
各街道办事处，区级有关部门：
""" + BODY + """
青石区应急管理局
二〇一八年六月四日
""",
        title="青石区应急管理局关于开展安全生产大检查的通知",
        doc_number="青应急发〔2018〕7号",
        formed_on=date(2018, 6, 4),
        issuer="青石区应急管理局",
    ),
    CorpusDocument(
        "a request filed as withheld, with a Chinese-numeral date",
        (RED,),
        """江州市自然资源局文件

江自然资文〔2021〕5号　　　　签发人：赵某

江州市自然资源局
关于申请2021年地质灾害综合治理专项资金的请示

江州市人民政府：
　　今年以来，我市地质灾害隐患点增多，特申请专项资金800万元。
　　妥否，请批示。

江州市自然资源局
二〇二一年三月十一日
（此件不予公开）
""",
        title="江州市自然资源局关于申请2021年地质灾害综合治理专项资金的请示",
        doc_number="江自然资文〔2021〕5号",
        formed_on=date(2021, 3, 11),
        issuer="江州市自然资源局",
        attribute_mark="withheld",
    ),
    CorpusDocument(
        "a breadcrumb that repeats the title, and a page view counter",
        (WEB,),
        """首页 > 政务公开 > 政策文件 > 云岭省水利厅关于加强小型水库安全运行管理的通知
云岭省水利厅关于加强小型水库安全运行管理的通知
来源：云岭省水利厅　　发布日期：2021-04-16　　点击数：577
云水发〔2021〕19号
各州、市水利（水务）局：
""" + BODY + """
云岭省水利厅
2021年4月12日
（此件公开发布）
分享到： 微信 微博
【打印本页】【关闭窗口】
""",
        title="云岭省水利厅关于加强小型水库安全运行管理的通知",
        doc_number="云水发〔2021〕19号",
        formed_on=date(2021, 4, 12),
        issuer="云岭省水利厅",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "a flattened web capture: chrome, title, page line and body on one line",
        (WEB, FLAT),
        "登录 注册 首页 政务公开 海滨市住房和城乡建设局关于开展202"
        "2年建筑施工安全专项整治的通知 信息来源：海滨市住房和城乡建设局 "
        "发布日期：2022-06-20 海住建发〔2022〕33号 各区县"
        "住房城乡建设局： 　　为深刻吸取事故教训，切实加强建筑施工安全管理，"
        "决定开展专项整治。 　　一、整治范围。全市在建房屋建筑和市政基础设施工"
        "程。 海滨市住房和城乡建设局 2022年6月17日 打印本页 关闭窗口",
        title="海滨市住房和城乡建设局关于开展2022年建筑施工安全专项整治的通知",
        doc_number="海住建发〔2022〕33号",
        formed_on=date(2022, 6, 17),
        issuer="海滨市住房和城乡建设局",
    ),
    CorpusDocument(
        "a block with full-width colons whose number is broken, the number under the header readable",
        (BLOCK, NUMBER, RED),
        """标      题：江州市市场监督管理局关于开展2023年食品安全抽检工作的通知
发文字号：江市监发〔2023〕号
成文日期：
发布机构：江州市市场监督管理局

江州市市场监督管理局文件
江市监发〔2023〕 12 号
江州市市场监督管理局关于开展2023年食品安全抽检工作的通知
各区县市场监督管理局：
""" + BODY + """
江州市市场监督管理局
2023年2月27日
""",
        title="江州市市场监督管理局关于开展2023年食品安全抽检工作的通知",
        doc_number="江市监发〔2023〕12号",
        formed_on=date(2023, 2, 27),
        issuer="江州市市场监督管理局",
    ),
    CorpusDocument(
        "a meeting record with no number and no date line",
        (),
        """临川县人民政府常务会议纪要
（第5次）

　　会议听取了县财政局关于2021年预算执行情况的汇报，原则同意。
　　会议要求，各部门要严格执行预算。
""",
        title="临川县人民政府常务会议纪要",
        doc_number=None,
        formed_on=None,
        issuer=None,
        notes={"issuer": "no header, no signature and no 关于 in the title: not found"},
    ),
    CorpusDocument(
        "a letter-format 函 with the organ's name as header and numbers cited in the body",
        (RED,),
        """海滨市财政局

海财函〔2020〕15号

海滨市财政局关于商请提供2019年度部门决算数据的函

市统计局：
　　根据《海滨市人民政府办公室关于做好部门决算工作的通知》（海府办发〔2020〕3号）要求，请于3月20日前提供有关数据。

海滨市财政局
2020年3月10日
（此件依申请公开）
""",
        title="海滨市财政局关于商请提供2019年度部门决算数据的函",
        doc_number="海财函〔2020〕15号",
        formed_on=date(2020, 3, 10),
        issuer="海滨市财政局",
        attribute_mark="on_request",
    ),
    CorpusDocument(
        "web chrome, a block and an abbreviated signature together",
        (WEB, BLOCK, ABBREV),
        """您当前的位置：首页 > 信息公开 > 部门文件
字号：大 中 小
索 引 号：11530000015123456P/2019-01234　　主题分类：城乡建设、环境保护
发文字号：云政办函〔2019〕102号
云岭省人民政府办公厅关于同意设立云岭省高原湖泊保护区的函
省生态环境厅：
　　你厅《关于设立云岭省高原湖泊保护区的请示》收悉。经省人民政府同意，现函复如下。
省府办公厅
2019年11月4日
打印本页　关闭窗口
""",
        title="云岭省人民政府办公厅关于同意设立云岭省高原湖泊保护区的函",
        doc_number="云政办函〔2019〕102号",
        formed_on=date(2019, 11, 4),
        issuer="云岭省人民政府办公厅",
        index_no="11530000015123456P/2019-01234",
    ),
    CorpusDocument(
        "a flattened joint header",
        (FLAT, JOINT),
        "海滨 高新区 市 科学技术局文件 海高科发〔2021〕6号 关于组织申报2021年度科技创新券的通知 各有关企业： "
        "　　为降低企业创新成本，现组织申报2021年度科技创新券，申报截止时间为2021年7月30日。 　　特此通知。 "
        "海滨高新区 海滨市科学技术局 2021年6月28日 （此件公开发布）",
        title="关于组织申报2021年度科技创新券的通知",
        doc_number="海高科发〔2021〕6号",
        formed_on=date(2021, 6, 28),
        issuer="海滨高新区、海滨市科学技术局",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "a page whose 公开方式 field gives the attribute, a Chinese date in the block",
        (BLOCK,),
        """索引号：LCX/2020-00088
公开方式：依申请公开
成文日期：二〇二〇年九月七日
临川县审计局关于2019年度县级预算执行审计发现问题整改情况的报告
县人民政府：
　　现将整改情况报告如下。
临川县审计局
2020年9月7日
""",
        title="临川县审计局关于2019年度县级预算执行审计发现问题整改情况的报告",
        doc_number=None,
        formed_on=date(2020, 9, 7),
        issuer="临川县审计局",
        index_no="LCX/2020-00088",
        attribute_mark="on_request",
    ),
    CorpusDocument(
        "a red header with a secrecy mark, a title broken with a stray space and a mark glued to the date",
        (RED, BROKEN, MARK),
        """机密★1年
青石区人民政府文件
青府发〔2024〕2号
青石区人民政府关于印发青石区突发事件 总体应急预案的通知
各街道办事处，区政府各部门：
""" + BODY + """
青石区人民政府
2024年1月5日（此件不予公开）
""",
        title="青石区人民政府关于印发青石区突发事件总体应急预案的通知",
        doc_number="青府发〔2024〕2号",
        formed_on=date(2024, 1, 5),
        issuer="青石区人民政府",
        attribute_mark="withheld",
    ),
)

LATER: tuple[CorpusDocument, ...] = (
    # written after the rules, and read by them before any change: 29 of 30 fields right (one expectation wrong)
    CorpusDocument(
        "a capture whose chrome sits between the title and the number, the number with 【】",
        (WEB, NUMBER),
        """无障碍 | 关怀版 | 登录
当前位置：首页 > 政府信息公开 > 法定主动公开内容
临川县农业农村局关于做好2023年春耕备耕工作的通知
【打印本页】【关闭窗口】
临农发【2023】第3号
各乡镇人民政府，县级有关部门：
""" + BODY + """
临川县农业农村局
2023年2月10日
""",
        title="临川县农业农村局关于做好2023年春耕备耕工作的通知",
        doc_number="临农发〔2023〕3号",
        formed_on=date(2023, 2, 10),
        issuer="临川县农业农村局",
    ),
    CorpusDocument(
        "a block on one line, each field padded, then the text",
        (BLOCK,),
        "索 引 号：HBS-2024-00017　主题分类：社会保障　发文机关：海滨市人力资源和社会保障局　成文日期：2024年01月22日"
        "\n海滨市人力资源和社会保障局关于调整2024年失业保险金标准的通知\n各区县人力资源社会保障局：\n" + BODY
        + "\n海滨市人力资源和社会保障局\n2024年1月22日\n（此件公开发布）\n",
        title="海滨市人力资源和社会保障局关于调整2024年失业保险金标准的通知",
        doc_number=None,
        formed_on=date(2024, 1, 22),
        issuer="海滨市人力资源和社会保障局",
        index_no="HBS-2024-00017",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "an abbreviated signature 区府办 under a title that names the office in full, on one line",
        (FLAT, ABBREV),
        "青石区人民政府办公室关于印发青石区2023年政务公开工作要点"
        "的通知 青府办发〔2023〕9号 各街道办事处，区政府各部门："
        " 　　现将《青石区2023年政务公开工作要点》印发给你们，请结合"
        "实际认真贯彻落实。 区府办 2023年4月7日 （此件公开发布）",
        title="青石区人民政府办公室关于印发青石区2023年政务公开工作要点的通知",
        doc_number="青府办发〔2023〕9号",
        formed_on=date(2023, 4, 7),
        issuer="青石区人民政府办公室",
        attribute_mark="proactive",
    ),
    CorpusDocument(
        "a number with ASCII round brackets under a title broken in two",
        (NUMBER, BROKEN),
        """云岭省文化和旅游厅关于公布第二批省级
旅游休闲街区名单的通知
云文旅发(2022)45号
各州、市文化和旅游局：
""" + BODY + """
云岭省文化和旅游厅
2022年9月19日
""",
        title="云岭省文化和旅游厅关于公布第二批省级旅游休闲街区名单的通知",
        doc_number="云文旅发〔2022〕45号",
        formed_on=date(2022, 9, 19),
        issuer="云岭省文化和旅游厅",
    ),
    CorpusDocument(
        "a page with only a 发布日期 above a text that has no signature date",
        (WEB,),
        """发布日期：2021-08-03
江州市统计局关于开展第七次全国人口普查数据开发利用工作的通知
各区县统计局：
""" + BODY + """
江州市统计局
""",
        title="江州市统计局关于开展第七次全国人口普查数据开发利用工作的通知",
        doc_number=None,
        formed_on=None,
        issuer="江州市统计局",
        notes={"formed_on": "the page's 发布日期 is not the 成文日期", "issuer": "named in the title before 关于"},
    ),
)

DOCUMENTS: tuple[CorpusDocument, ...] = CORPUS + LATER
