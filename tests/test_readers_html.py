from native import find_row, fixture, read


def test_002_page_is_read_as_html_with_its_encoding():
    doc = fixture("002_hangzhou_2024_responsibility_allocation.html")
    assert (doc.media_type, doc.encoding) == ("html", "utf-8")
    assert len(doc.sections) == 3


def test_lin_an_gets_45_meal_points_in_the_html_matrix():
    grid = fixture("002_hangzhou_2024_responsibility_allocation.html").sections[2].grid
    header = [cell.text for cell in grid.rows[1]]
    r = find_row(grid, "1")
    assert grid.rows[r][header.index("临安区")].text == "45个"


def test_002_matrix_header_spans_and_merged_lead_unit():
    grid = fixture("002_hangzhou_2024_responsibility_allocation.html").sections[2].grid
    assert len({len(row) for row in grid.rows}) == 1 and len(grid.rows[0]) == 19
    top = grid.rows[0]
    assert [(c.text, c.rowspan) for c in top[:5]] == [("序号", 2), ("项目名称", 2), ("量化 目标", 2), ("牵头 单位", 2), ("市本级", 2)]
    assert (top[5].text, top[5].colspan) == ("各区、县(市)任务分解", 14)
    # 002 L85-86: 市民政局 leads tasks 1 and 2; task 2's row prints no lead of its own.
    r = find_row(grid, "1")
    assert (grid.rows[r][3].text, grid.rows[r][3].rowspan) == ("市民政局", 2)
    assert grid.rows[r + 1][3].text == "" and grid.rows[r + 1][4].text == "--"


def test_002_second_target_row_sits_under_its_task():
    # 002 L92: 1000 人次 is task 8's second target; its number, name and lead are merged above.
    grid = fixture("002_hangzhou_2024_responsibility_allocation.html").sections[2].grid
    r = find_row(grid, "8")
    assert [c.rowspan for c in grid.rows[r][:2]] == [2, 2]
    assert [c.text for c in grid.rows[r + 1][:5]] == ["", "", "1000 人次", "", "--"]


def test_note_spanning_every_area_column_is_one_cell():
    grid = fixture("002_hangzhou_2024_responsibility_allocation.html").sections[2].grid
    r = find_row(grid, "12")
    note = grid.rows[r][4]
    assert note.text.startswith("杭州市作为一个整体统筹区完成该项目") and note.colspan == 15


def test_page_metadata_table_gives_issuer_number_and_dates(tmp_path):
    doc = fixture("002_hangzhou_2024_responsibility_allocation.html")
    assert doc.lines[0].text == "索引号: | 002489401/2024-00380 | 公开方式: | 主动公开"
    assert doc.lines[2].text == "发布单位: | 市政府办公厅 | 主题分类: | 综合政务/其他"
    grid = doc.sections[0].grid
    assert [c.text for c in grid.rows[1]] == ["文号:", "杭政办函〔2024〕4号", "成文日期:", "2024-02-04"]


def test_rowspan_colspan_br_and_layout_tables(tmp_path):
    page = """<html><head><title>x</title><script>var a = "<td>";</script></head><body>
    <table class="layout"><tr><td>
      <div>附件2</div><p>任务分解表</p>
      <table>
        <tr><th rowspan=2>序号</th><th colspan="2">各街道任务</th></tr>
        <tr><th>天水</th><th>上塘</th></tr>
        <tr><td>一</td><td>1所<br>2所</td><td>--</td></tr>
        <tr><td>二<td>3所<td>4所
      </table>
    </td></tr></table></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read(path)
    assert [line.text for line in doc.lines[:2]] == ["附件2", "任务分解表"]
    rows = doc.sections[0].grid.rows
    assert [(c.text, c.rowspan, c.colspan) for c in rows[0]] == [("序号", 2, 1), ("各街道任务", 1, 2), ("", 1, 1)]
    assert [c.text for c in rows[1]] == ["", "天水", "上塘"]
    assert [c.text for c in rows[2]] == ["一", "1所\n2所", "--"]
    assert [c.text for c in rows[3]] == ["二", "3所", "4所"]
    assert str(rows[3][2].ref) == "t1 r3 c2"


def test_gbk_page_is_decoded_by_its_meta_charset(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes('<html><head><meta charset="gb2312"></head><body><p>民生实事</p></body></html>'.encode("gb18030"))
    doc = read(path)
    assert (doc.lines[0].text, doc.encoding) == ("民生实事", "gb18030")
