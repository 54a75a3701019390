import io

import docx

from native import find_row, fixture, read, row_texts


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read_docx(tmp_path, build):
    path = tmp_path / "notice.docx"
    path.write_bytes(docx_bytes(build))
    return read(path)


def test_docx_document_is_binary_without_encoding():
    doc = fixture("000_xiacheng_2011_half_year.docx")
    assert (doc.media_type, doc.encoding) == ("docx", None)


def test_000_category_and_unit_merged_over_rows_are_spans():
    # 000 L34-45: 二、推进养老服务设施建设 and 民政局 stand for tasks 3 and 4.
    grid = fixture("000_xiacheng_2011_half_year.docx").sections[0].grid
    r = find_row(grid, "3、", col=1)
    category, unit = grid.rows[r][0], grid.rows[r][2]
    assert (category.text, category.rowspan) == ("二、推进\n养老服务\n设施建设", 2)
    assert (unit.text, unit.rowspan) == ("民政局", 2)
    below = grid.rows[r + 1]
    assert (below[0].text, below[0].raw, below[2].text) == ("", "", "")
    assert below[1].text.startswith("4、新建社区老年食堂20家")


def test_every_row_has_every_column():
    for name in ("000_xiacheng_2011_half_year.docx", "001_binjiang_2024_q1.docx",
                 "003_gongshu_2024_responsibility_allocation.docx"):
        for section in fixture(name).sections:
            if not section.grid.stream:
                assert len({len(row) for row in section.grid.rows}) == 1, name


def test_003_allocation_header_has_two_levels():
    grid = fixture("003_gongshu_2024_responsibility_allocation.docx").sections[2].grid
    top, streets = grid.rows[0], grid.rows[1]
    assert [(c.text, c.rowspan) for c in top[:4]] == [("编号", 2), ("项目内容", 2), ("牵头单位", 2), ("区本级\n任务", 2)]
    assert (top[4].text, top[4].colspan) == ("各街道任务", 18)
    assert [c.text for c in streets[:4]] == ["", "", "", ""]
    assert (streets[4].text, streets[21].text) == ("天水", "大关")
    # 一 numbers three tasks (003 附件2): its cell spans their three rows.
    assert (grid.rows[2][0].text, grid.rows[2][0].rowspan) == ("一", 3)


def test_003_sections_split_on_attachment_labels_with_one_table_each():
    doc = fixture("003_gongshu_2024_responsibility_allocation.docx")
    assert [s.lines[0].text for s in doc.sections] == ["拱政办发〔2024〕3号", "附件1", "附件2"]
    assert doc.sections[0].grid.stream  # the cover letter has no table: its paragraphs, as a text dump gives
    assert row_texts(doc.sections[1].grid, 0) == ["序号", "项目名称", "工作任务", "分管\n区领导", "牵头单位", "责任单位"]
    assert len(doc.sections[2].grid.rows) == 24


def test_table_rows_are_lines_of_the_document():
    doc = fixture("003_gongshu_2024_responsibility_allocation.docx")
    assert "二 | “大运河幸福家园”营造提升项目 | 完成6个“大运河幸福家园”服务阵地建设;提升10处基层体育设施。" in doc.sections[1].text


def test_cell_of_several_paragraphs_keeps_its_line_breaks(tmp_path):
    def build(document):
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "区民政局"
        table.cell(0, 0).add_paragraph("区教育局")
        table.cell(0, 0).add_paragraph("区卫健局")
        table.cell(0, 1).text = "各街道"

    cell = read_docx(tmp_path, build).sections[0].grid.rows[0][0]
    assert (cell.text, cell.raw) == ("区民政局\n区教育局\n区卫健局", "区民政局\n区教育局\n区卫健局")


def test_grid_span_and_vertical_merge_become_colspan_and_rowspan(tmp_path):
    def build(document):
        table = document.add_table(rows=3, cols=3)
        table.cell(0, 0).merge(table.cell(0, 2)).text = "各街道任务"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "一"
        for r in (1, 2):
            for c in (1, 2):
                table.cell(r, c).text = f"{r}{c}"

    rows = read_docx(tmp_path, build).sections[0].grid.rows
    assert [(c.text, c.rowspan, c.colspan) for c in rows[0]] == [("各街道任务", 1, 3), ("", 1, 1), ("", 1, 1)]
    assert [(c.text, c.rowspan) for c in rows[1]] == [("一", 2), ("11", 1), ("12", 1)]
    assert [c.text for c in rows[2]] == ["", "21", "22"]
    assert str(rows[2][2].ref) == "t1 r2 c2"


def test_table_continued_after_page_break_with_repeated_header_is_one_table(tmp_path):
    def build(document):
        document.add_paragraph("2024年区政府民生实事项目责任清单")
        for part, tasks in enumerate((("一", "二"), ("三",))):
            if part:
                document.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
            table = document.add_table(rows=1 + len(tasks), cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = "序号", "项目名称"
            for r, seq in enumerate(tasks, 1):
                table.cell(r, 0).text, table.cell(r, 1).text = seq, f"项目{seq}"

    doc = read_docx(tmp_path, build)
    assert len(doc.sections) == 1
    assert [row[0].text for row in doc.sections[0].grid.rows] == ["序号", "一", "二", "三"]


def test_tables_with_text_between_stay_apart(tmp_path):
    def build(document):
        for label in ("附件1", "附件2"):
            document.add_paragraph(label)
            document.add_paragraph("任务分解表" if label == "附件2" else "责任清单")
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text, table.cell(1, 0).text = "序号", f"{label}的一"

    doc = read_docx(tmp_path, build)
    assert [[row[0].text for row in s.grid.rows] for s in doc.sections] == [["序号", "附件1的一"], ["序号", "附件2的一"]]


def test_a_table_with_an_empty_column_a_remarks_column_and_a_total_row_keeps_every_row(tmp_path):
    # Offices add a 备注 column, leave a spare empty column at the right and close with 合计: the
    # grid holds them as printed, for the parsers to check totals rather than read them as items.
    import docx

    rows = [["序号", "项目", "长庆", "潮鸣", "备注", ""],
            ["1", "新增老年助餐服务点", "12", "15", "", ""],
            ["2", "新增托位", "30", "40", "含普惠托位", ""],
            ["合计", "", "42", "55", "", ""]]
    document = docx.Document()
    document.add_paragraph("2024年民生实事项目任务分解表")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "with_total.docx"
    document.save(path)
    grid = read(path).sections[0].grid
    assert [[cell.text for cell in row] for row in grid.rows] == rows
