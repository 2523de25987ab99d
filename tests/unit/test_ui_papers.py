"""The Papers tab's facet filter and literature table handlers, without a browser."""

from __future__ import annotations

import csv

from assistant.facets import has_name
from ui.papers import ANY, facet_choices, filtered_papers, filtered_table, literature_table


def test_facet_choices_count_the_collections_own_values(make_shared):
    assistant = make_shared()
    papers = assistant.papers()
    choices = facet_choices(papers, "benchmarks")
    assert choices[0] == ("Any", ANY)
    label, value = choices[1]
    assert label == f"{value} ({len(filtered_papers(assistant, benchmark=value))})"
    counts = [int(label.rsplit("(", 1)[1].rstrip(")")) for label, _ in choices[1:]]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    assert facet_choices(papers, "year") == [("Any", ANY)]  # the bundled corpus has no dates


def test_the_filter_keeps_papers_with_the_value_in_any_written_form(make_shared):
    assistant = make_shared()
    kept = filtered_papers(assistant, benchmark="GSM-8K")
    assert kept and all(has_name(p.facets, "GSM8K") for p in kept)
    assert filtered_papers(assistant, benchmark="GSM8K") == kept
    both = filtered_papers(assistant, benchmark="GSM8K", model="Mistral-7B")
    assert 0 < len(both) < len(kept)
    html = filtered_table(assistant, "", "GSM8K", ANY, ANY)
    assert f"Showing {len(kept)} of {len(kept)} matching" in html
    assert len(filtered_papers(assistant)) == len(assistant.papers())


def test_the_literature_table_of_the_filtered_papers_downloads(make_shared, tmp_path):
    assistant = make_shared()
    kept = filtered_papers(assistant, benchmark="GSM8K")
    shown, csv_path, md_path = literature_table(assistant, kept, ["models", "results"],
                                                tmp_path)
    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Paper", "Link", "Models", "Results", "Sources"]
    assert sorted(r[0] for r in rows[1:]) == sorted(p.title for p in kept)
    markdown = open(md_path, encoding="utf-8").read()
    assert "| Paper | Models | Results |" in markdown and "## Sources" in markdown
    assert 'id="pc-lit-result"' in shown and "<script" not in shown
    assert literature_table(assistant, [], [], tmp_path)[1:] == (None, None)


def _paper(n: int, benchmarks: list[str], date: str | None = None, year: int | None = None):
    from assistant.types import Facets, Paper

    return Paper(id=f"p{n}", title=f"Paper {n}", abstract="We test agents.", source="x.jsonl",
                 date=date, facets=Facets(benchmarks=benchmarks, year=year))


def test_written_forms_of_one_benchmark_are_one_filter_value_with_its_papers_counted():
    papers = [_paper(1, ["SWE-bench"]), _paper(2, ["swe-bench", "SWE-Bench-Verified"]),
              _paper(3, ["SWE Bench"]), _paper(4, ["GSM8K"])]
    choices = facet_choices(papers, "benchmarks")
    # Case, hyphens and spaces do not make another benchmark; a further word does.
    assert choices == [("Any", ANY), ("SWE-bench (3)", "SWE-bench"), ("GSM8K (1)", "GSM8K"),
                       ("SWE-Bench-Verified (1)", "SWE-Bench-Verified")]
    from assistant.facets import filter_by_facets

    assert [p.id for p in filter_by_facets(papers, {"benchmarks": "swe bench"})] == [
        "p1", "p2", "p3"]


def test_a_column_or_filter_no_paper_fills_is_not_shown(make_shared):
    from ui.papers import column_choices, has_values
    from ui.render import papers_table_html

    bundled = make_shared().papers()  # the Daily Papers source gives no dates
    html = papers_table_html(bundled, len(bundled))
    assert "pc-col-date" not in html and "<th>Title</th><th>Link</th>" in html
    assert not has_values(facet_choices(bundled, "year"))
    assert has_values(facet_choices(bundled, "benchmarks"))
    assert "year" not in [c for _, c in column_choices(bundled)]
    dated = [*bundled[:3], _paper(9, [], date="2025-01-02", year=2025)]
    html = papers_table_html(dated, len(dated))
    assert html.count('<td class="pc-col-date">') == 4 and ">2025-01-02</td>" in html
    assert has_values(facet_choices(dated, "year"))
    assert "year" in [c for _, c in column_choices(dated)]


def test_each_filter_offers_only_values_the_other_filters_leave_papers_for(make_shared):
    from ui.papers import narrowed_choices

    assistant = make_shared()
    papers = assistant.papers()
    benchmarks, models, _ = narrowed_choices(papers, "", [ANY, ANY, ANY])
    assert benchmarks == facet_choices(papers, "benchmarks")  # nothing chosen: all of them
    _, models, _ = narrowed_choices(papers, "", ["GSM8K", ANY, ANY])
    assert len(models) < len(facet_choices(papers, "models"))
    for label, value in models[1:]:  # every count is what choosing the value would show
        shown = filtered_papers(assistant, benchmark="GSM8K", model=value)
        assert label == f"{value} ({len(shown)})" and shown
    # A chosen value the rest of the filter leaves no paper for stays, counted 0.
    benchmarks, models, _ = narrowed_choices(papers, "", ["GSM8K", "Satori-SWE-32B", ANY])
    assert ("Satori-SWE-32B (0)", "Satori-SWE-32B") in models
    assert ("GSM8K (0)", "GSM8K") in benchmarks
    # The search narrows the counts too.
    benchmarks, _, _ = narrowed_choices(papers, "software", [ANY, ANY, ANY])
    assert [v for _, v in benchmarks[1:]] and all(
        filtered_papers(assistant, "software", benchmark=v) for _, v in benchmarks[1:])
