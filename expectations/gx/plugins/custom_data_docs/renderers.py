"""Data Docs that open offline and say what dateline needs said; named by the `data_docs_sites`
entry of great_expectations.yml (GX puts this plugins folder on `sys.path`).

* Views: GX looks templates up in `custom_data_docs/views` only after its own, so a custom
  view can add a template but never replace one. These views look in ours first: pages with
  no CDN stylesheet, script or image (the styles are inlined from
  `custom_data_docs/styles/data_docs_custom_styles.css`), and tables written as HTML rather
  than filled in by bootstrap-table.
* The validation page names its data asset: GX reads it from the batch spec, which a
  dataframe asset leaves empty ("Data asset: None"), while the asset's name is in the result's
  `active_batch_definition`.
* Severity is shown: a column of the validation table, and a badge before each expectation of
  a suite page (GX 1.x keeps `severity` on the expectation but renders it nowhere).
"""

from __future__ import annotations

from pathlib import Path

from great_expectations.render import RenderedStringTemplateContent
from great_expectations.render.renderer import ExpectationSuitePageRenderer, ValidationResultsPageRenderer
from great_expectations.render.renderer.content_block import (
    ExpectationSuiteBulletListContentBlockRenderer,
    ValidationResultsTableContentBlockRenderer,
)
from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import ChoiceLoader, FileSystemLoader

MODULE = __name__
VIEWS = Path(__file__).resolve().parent / "views"


def severity_of(config) -> str:
    severity = getattr(config, "severity", None) or "critical"
    return str(getattr(severity, "value", severity))


def _severity_badge(severity: str) -> RenderedStringTemplateContent:
    return RenderedStringTemplateContent(
        content_block_type="string_template",
        string_template={
            "template": "$severity",
            "params": {"severity": severity},
            "styling": {"params": {"severity": {"classes": ["dq-severity", f"dq-{severity}"]}}},
        },
    )


# --- views -------------------------------------------------------------------------------


def _ours_first(view, custom_views_directory: str | None) -> None:
    folder = custom_views_directory if custom_views_directory and Path(custom_views_directory).is_dir() else VIEWS
    view.env.loader = ChoiceLoader([FileSystemLoader(str(folder)), view.env.loader])


class OfflinePageView(DefaultJinjaPageView):
    def __init__(self, custom_styles_directory=None, custom_views_directory=None) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)
        _ours_first(self, custom_views_directory)


class OfflineIndexPageView(DefaultJinjaIndexPageView):
    def __init__(self, custom_styles_directory=None, custom_views_directory=None) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)
        _ours_first(self, custom_views_directory)


# --- validation pages ----------------------------------------------------------------------


class SeverityValidationTable(ValidationResultsTableContentBlockRenderer):
    """GX's validation table with a Severity column after Status."""

    @classmethod
    def _process_content_block(cls, content_block, has_failed_evr, render_object=None) -> None:
        super()._process_content_block(content_block, has_failed_evr, render_object)
        content_block.header_row.insert(1, "Severity")

    @classmethod
    def _get_content_block_fn(cls, expectation_type, expectation_config=None):
        row_fn = super()._get_content_block_fn(expectation_type, expectation_config)

        def with_severity(configuration=None, result=None, runtime_configuration=None, **kwargs):
            rows = row_fn(
                configuration=configuration, result=result, runtime_configuration=runtime_configuration, **kwargs
            )
            config = result.expectation_config if result is not None else configuration
            for row in rows:
                row.insert(1, _severity_badge(severity_of(config)))
            return rows

        return with_severity


class ValidationPage(ValidationResultsPageRenderer):
    """GX's validation page, its severity column, and the data asset named in its header."""

    def __init__(self, column_section_renderer=None, run_info_at_end: bool = False, data_context=None) -> None:
        column_section_renderer = column_section_renderer or {
            "class_name": "ValidationResultsColumnSectionRenderer",
            "table_renderer": {"module_name": MODULE, "class_name": "SeverityValidationTable"},
        }
        super().__init__(
            column_section_renderer=column_section_renderer, run_info_at_end=run_info_at_end, data_context=data_context
        )

    def render(self, validation_results, suite_parameters=None):
        spec = dict(validation_results.meta.get("batch_spec") or {})
        if not spec.get("data_asset_name") and validation_results.asset_name:
            spec["data_asset_name"] = validation_results.asset_name
            validation_results.meta["batch_spec"] = spec
        return super().render(validation_results, suite_parameters)


# --- suite pages ---------------------------------------------------------------------------


class SeverityBulletList(ExpectationSuiteBulletListContentBlockRenderer):
    """Each expectation of a suite page starts with its severity."""

    @classmethod
    def _get_content_block_fn(cls, expectation_type, expectation_config=None):
        fn = super()._get_content_block_fn(expectation_type, expectation_config)
        if fn is None:
            return None

        def with_severity(configuration=None, runtime_configuration=None, **kwargs):
            blocks = fn(configuration=configuration, runtime_configuration=runtime_configuration, **kwargs)
            first = blocks[0] if blocks else None
            template = getattr(first, "string_template", None)
            if isinstance(template, dict):
                template["template"] = "$dq_severity " + template.get("template", "")
                template.setdefault("params", {})["dq_severity"] = severity_of(configuration)
                styling = template.setdefault("styling", {})
                styling.setdefault("params", {})["dq_severity"] = {
                    "classes": ["dq-severity", f"dq-{severity_of(configuration)}"]
                }
            return blocks

        return with_severity


class SuitePage(ExpectationSuitePageRenderer):
    def __init__(self, column_section_renderer=None) -> None:
        super().__init__(
            column_section_renderer=column_section_renderer
            or {
                "class_name": "ExpectationSuiteColumnSectionRenderer",
                "bullet_list_renderer": {"module_name": MODULE, "class_name": "SeverityBulletList"},
            }
        )
