"""Targets inside task texts, one rule per test, using task texts from the sample notices."""

from decimal import Decimal

from mstrack.targets import TargetClause, extract_targets


def summary(task_text: str) -> list[tuple[str, Decimal, str | None, str]]:
    return [(t.metric, t.quantity.value, t.quantity.unit, t.quantity.comparator) for t in extract_targets(task_text)]


# --- the counted thing before the figure ----------------------------------------------------


def test_xiacheng_employment_task_holds_three_targets():
    # 000 task 1, with NFKC's ASCII comma and semicolon.
    assert summary("新增城镇就业人数23600人,实现失业人员再就业12500人,其中就业困难人员再就业2780人;") == [
        ("新增城镇就业人数", Decimal(23600), "人", "="),
        ("失业人员再就业", Decimal(12500), "人", "="),
        ("就业困难人员再就业", Decimal(2780), "人", "="),
    ]


def test_health_records_and_their_coverage_rate():
    # 000 task 15: 达到 alone links, 以上 makes it a floor.
    assert summary("新建规范化电子健康档案50000份,建档率达到75%以上;") == [
        ("新建规范化电子健康档案", Decimal(50000), "份", "="),
        ("建档率", Decimal(75), "%", ">="),
    ]


def test_xinzeng_stays_part_of_the_metric():
    [target] = extract_targets("新增机构养老床位800张;")  # 000 task 3, the contract's example
    assert target == TargetClause(metric="新增机构养老床位", quantity=target.quantity, text="新增机构养老床位800张")
    assert (target.quantity.value, target.quantity.unit) == (Decimal(800), "张")


def test_list_inside_brackets_stays_in_the_metric():
    # 000 task 30: the 、 of "(园区、楼宇)" does not end the counted thing.
    assert summary("建立10个企业(园区、楼宇)流动图书站;") == [
        ("建立企业(园区、楼宇)流动图书站", Decimal(10), "个", "=")
    ]


def test_linking_word_and_city_scope_are_not_part_of_the_metric():
    assert summary("全市长期护理保险投保人数达到859万人") == [("长期护理保险投保人数", Decimal(8590000), "人", "=")]


def test_light_verbs_wanchen_and_dazao_are_dropped():
    assert summary("完成幸福河湖农村水系整治100公里,打造亲水节点80个") == [
        ("幸福河湖农村水系整治", Decimal(100), "公里", "="),
        ("亲水节点", Decimal(80), "个", "="),
    ]
    assert extract_targets("完成幸福河湖农村水系整治100公里")[0].quantity.kind == "length"


def test_two_screenings_in_one_task():
    assert summary("完成社区认知症早期筛查2万人,提供非药物干预指导1500人") == [  # 003 project 五
        ("社区认知症早期筛查", Decimal(20000), "人", "="),
        ("非药物干预指导", Decimal(1500), "人", "="),
    ]


def test_bushaoyu_gives_at_least():
    assert summary("开设小学生爱心暑托班不少于30个。") == [("开设小学生爱心暑托班", Decimal(30), "个", ">=")]  # 001


def test_yishang_after_events_and_talent():
    assert summary("全年举办各类产业招聘活动100场以上,引进各类人才4.2万人以上。") == [  # 001
        ("各类产业招聘活动", Decimal(100), "场", ">="),
        ("引进各类人才", Decimal(42000), "人", ">="),
    ]


def test_area_and_sets_in_one_housing_task():
    assert summary("新开工保障房100万平方米,分配公租房实物配租房源6000套") == [  # 002
        ("新开工保障房", Decimal(1000000), "平方米", "="),
        ("分配公租房实物配租房源", Decimal(6000), "套", "="),
    ]


def test_money_in_yuan_and_us_dollars():
    assert summary("实现地区生产总值643.57亿元") == [("地区生产总值", Decimal(64357000000), "元", "=")]  # 004
    assert summary("外贸出口18.39亿美元") == [("外贸出口", Decimal(1839000000), "美元", "=")]


def test_yu_gives_an_approximate_target():
    assert summary("新增享受政府资助型居家养老服务1000余人次") == [
        ("新增享受政府资助型居家养老服务", Decimal(1000), "人次", "~")
    ]


def test_items_after_a_list_comma_take_only_their_own_words():
    assert summary("完成安置房项目建设3个、交付房源不少于1900套") == [  # 001
        ("安置房项目建设", Decimal(3), "个", "="),
        ("交付房源", Decimal(1900), "套", ">="),
    ]


def test_a_bare_linking_word_states_the_total_of_the_previous_metric():
    assert summary("新增享受政府资助型居家养老服务对象900人,达到5400人") == [  # 004 实事 item 7
        ("新增享受政府资助型居家养老服务对象", Decimal(900), "人", "="),
        ("享受政府资助型居家养老服务对象", Decimal(5400), "人", "="),
    ]


def test_the_counted_thing_ends_where_bing_starts_a_second_action():
    assert summary("整修杭玻路、华中路2条道路并完成交通移交") == [("道路", Decimal(2), "条", "=")]  # 004 实事 item 3


def test_gongji_is_dropped_whole_before_the_metric():
    assert summary("共计投入各类科技资金达到9312万元") == [("投入各类科技资金", Decimal(93120000), "元", "=")]  # 004 L50


def test_milestone_due_date_is_not_part_of_the_metric():
    assert summary("9月底前完成新增助餐服务点不少于100个") == [("新增助餐服务点", Decimal(100), "个", ">=")]  # 002


# --- the figure before the counted thing ----------------------------------------------------


def test_figure_before_noun_counts_the_noun():
    assert summary("打造8个“一老一小”示范型融合服务点;打造4个“一老一小”普惠型融合服务点。") == [  # 003 project 一
        ("“一老一小”示范型融合服务点", Decimal(8), "个", "="),
        ("“一老一小”普惠型融合服务点", Decimal(4), "个", "="),
    ]


def test_figure_before_noun_keeps_the_verb_xinzeng():
    assert summary("新增6所“大运河老年学堂”") == [("新增“大运河老年学堂”", Decimal(6), "所", "=")]  # 003 附件2


def test_figure_before_noun_drops_the_verb_wancheng():
    assert summary("完成200台老旧小区既有住宅加装电梯") == [("老旧小区既有住宅加装电梯", Decimal(200), "台", "=")]


def test_beneficiary_clause_counts_the_service_and_skips_the_age():
    # 002 row 3: 60岁 says who; the 85.8万人次 are vaccinations.
    assert summary("为全市60岁以上老年人免费接种流感疫苗85.8万人次,实现“愿接尽接”") == [
        ("免费接种流感疫苗", Decimal(858000), "人次", "=")
    ]


def test_beneficiary_clause_with_figure_before_the_people():
    assert summary("为1.6万名义务教育段学生开展正脊筛查") == [("正脊筛查", Decimal(16000), "人", "=")]  # 003


def test_beneficiary_clause_with_floor_and_age_range():
    assert summary("为不少于10000名60周岁以上浙江省户籍居民提供免费流感疫苗接种;为1000名50-74周岁浙江省户籍居民提供免费结直肠癌筛查") == [
        ("免费流感疫苗接种", Decimal(10000), "人", ">="),
        ("免费结直肠癌筛查", Decimal(1000), "人", "="),
    ]  # 001, 卫健 items


def test_time_window_of_the_beneficiaries_is_not_a_target():
    assert summary("为离校2年内未就业高校毕业生提供见习岗位1.1万个") == [("见习岗位", Decimal(11000), "个", "=")]  # 002


# --- qualifiers -----------------------------------------------------------------------------


def test_new_and_upgraded_together_is_the_qualifier():
    # 002 row 26: 100 points new and upgraded together (the matrix splits them as 5(4)个).
    [target] = extract_targets("新增(提升)“家门口青少年宫”教学点100个")
    assert (target.metric, target.qualifier, target.quantity.value, target.quantity.unit) == (
        "“家门口青少年宫”教学点", "新增(提升)", Decimal(100), "个",
    )  # fmt: skip


def test_words_in_parentheses_after_the_unit_are_a_qualifier():
    [target] = extract_targets("开展优生优孕科普知识宣传不少于3000对(夫妻)")  # 001
    assert (target.metric, target.qualifier, target.quantity.comparator) == ("优生优孕科普知识宣传", "夫妻", ">=")


def test_figure_in_a_parenthesised_note_is_not_a_second_target():
    assert summary("2.新增6所“大运河少儿学堂”(街道涉及5所)") == [("新增“大运河少儿学堂”", Decimal(6), "所", "=")]  # 003 附件2


# --- what is not a target -------------------------------------------------------------------


def test_age_range_is_not_a_target():
    assert summary("开展0-5岁婴幼儿看护人教育,培训率达到95%以上。") == [("培训率", Decimal(95), "%", ">=")]  # 000 task 7


def test_year_is_not_a_target():
    assert summary("2024年新增机动车泊位1200个") == [("新增机动车泊位", Decimal(1200), "个", "=")]


def test_item_number_before_a_year_is_not_a_decimal():
    assert summary("1.2024年完成改造城镇老旧小区200个") == [("改造城镇老旧小区", Decimal(200), "个", "=")]


def test_project_phase_is_not_a_target():
    # 000 task 11: 灯塔二期 is phase two of a project.
    assert summary("完成灯塔二期和石桥农转非安置房项目,竣工21.96万平方米;") == [("竣工", Decimal(219600), "平方米", "=")]


def test_spelled_ordinal_ci_is_not_a_target():
    # 003: 二次供水 is secondary water supply, not two of anything.
    assert summary("完成15个老旧小区高层住宅二次供水设施改造") == [
        ("老旧小区高层住宅二次供水设施改造", Decimal(15), "个", "=")
    ]


def test_figures_inside_quoted_names_are_not_targets():
    # 000 task 10: “四个能力” is the name of a standard.
    assert summary("80%以上的消防安全重点单位达到“四个能力”要求。") == [
        ("消防安全重点单位达到“四个能力”要求", Decimal(80), "%", ">=")
    ]


def test_dates_and_house_numbers_are_not_targets():
    assert extract_targets("3月底前确定项目点位,5月18日开放1号楼") == []


def test_clause_text_is_the_clause_of_the_figure():
    targets = extract_targets("新增残疾人就业35人;康复救助孤独症儿童60人;创建省级无障碍社区3个。")  # 003 project 六
    assert [t.text for t in targets] == ["新增残疾人就业35人", "康复救助孤独症儿童60人", "创建省级无障碍社区3个"]


def test_the_same_school_is_not_one_school():
    # 001 1.2 progress: "同一所单位工作满12年" counts years of service, not schools.
    from mstrack.targets import extract_targets

    figures = [c.quantity.value_raw for c in extract_targets("完成老校教师同一所单位工作满12年情况摸排,摸排605人")]
    assert "一所" not in figures and "605人" in figures
