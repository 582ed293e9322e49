//! Pagination (`govukPagination`), tabs (`govukTabs`) and task list
//! (`govukTaskList`).

use serde::Deserialize;

use crate::basic::Tag;
use crate::common::{
    Attributes, Component, Content, de_falsy_opt, de_opt_string, de_sparse_vec, push_classes,
    push_escaped, push_html_or_text, some, truthy,
};

/// The previous or next link of pagination.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PaginationLink {
    /// Target; without it the link is left out.
    pub href: Option<String>,
    /// Text, default "Previous page" or "Next page".
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Label under the link text (block style only), for example the page title.
    pub label_text: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// A numbered page, or an ellipsis, in pagination.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PaginationItem {
    /// Page number.
    #[serde(deserialize_with = "de_opt_string")]
    pub number: Option<String>,
    /// Target.
    pub href: Option<String>,
    /// `aria-label`, default "Page {number}".
    pub visually_hidden_text: Option<String>,
    /// Whether it is the current page.
    pub current: bool,
    /// Whether it is an ellipsis in place of a page.
    pub ellipsis: bool,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Pagination (`govukPagination`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Pagination {
    /// Numbered pages; without them the previous and next links are block style.
    #[serde(deserialize_with = "de_opt_sparse_vec")]
    pub items: Option<Vec<Option<PaginationItem>>>,
    /// Previous link.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub previous: Option<PaginationLink>,
    /// Next link.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub next: Option<PaginationLink>,
    /// `aria-label` of the `<nav>`, default "Pagination".
    pub landmark_label: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// `items` of pagination: absent differs from empty (it makes the links block style).
#[allow(clippy::type_complexity)]
fn de_opt_sparse_vec<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<Option<PaginationItem>>>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "de_sparse_vec")] Vec<Option<PaginationItem>>);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

const ARROW_PREV: &str = r#"<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>"#;
const ARROW_NEXT: &str = r#"<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>"#;

fn push_arrow_link(out: &mut String, link: &PaginationLink, prev: bool, block: bool) {
    let (kind, arrow, default) = if prev {
        ("prev", ARROW_PREV, "Previous")
    } else {
        ("next", ARROW_NEXT, "Next")
    };
    out.push_str("<div class=\"govuk-pagination__");
    out.push_str(kind);
    out.push_str("\"><a class=\"govuk-link govuk-pagination__link\" href=\"");
    push_escaped(out, link.href.as_deref().unwrap_or(""));
    out.push_str("\" rel=\"");
    out.push_str(kind);
    out.push('"');
    link.attributes.render_into(out);
    out.push('>');
    if block || prev {
        out.push_str(arrow);
    }
    out.push_str("<span class=\"govuk-pagination__link-title");
    if block && !truthy(&link.label_text) {
        out.push_str(" govuk-pagination__link-title--decorated");
    }
    out.push_str("\">");
    if truthy(&link.html) || truthy(&link.text) {
        push_html_or_text(out, &link.html, &link.text);
    } else {
        out.push_str(default);
        out.push_str("<span class=\"govuk-visually-hidden\"> page</span>");
    }
    out.push_str("</span>");
    if let Some(label) = some(&link.label_text)
        && block
    {
        out.push_str("<span class=\"govuk-visually-hidden\">:</span><span class=\"govuk-pagination__link-label\">");
        push_escaped(out, label);
        out.push_str("</span>");
    }
    if !block && !prev {
        out.push_str(arrow);
    }
    out.push_str("</a></div>");
}

fn push_page_item(out: &mut String, item: &PaginationItem) {
    out.push_str("<li class=\"govuk-pagination__item");
    if item.current {
        out.push_str(" govuk-pagination__item--current");
    }
    if item.ellipsis {
        out.push_str(" govuk-pagination__item--ellipsis");
        out.push_str("\">&ctdot;</li>");
        return;
    }
    out.push_str("\"><a class=\"govuk-link govuk-pagination__link\" href=\"");
    push_escaped(out, item.href.as_deref().unwrap_or(""));
    out.push_str("\" aria-label=\"");
    let number = item.number.as_deref().unwrap_or("undefined");
    match &item.visually_hidden_text {
        Some(v) => push_escaped(out, v),
        None => {
            out.push_str("Page ");
            push_escaped(out, number);
        }
    }
    out.push('"');
    if item.current {
        out.push_str(" aria-current=\"page\"");
    }
    item.attributes.render_into(out);
    out.push('>');
    if let Some(n) = &item.number {
        push_escaped(out, n);
    }
    out.push_str("</a></li>");
}

impl Component for Pagination {
    fn render_into(&self, out: &mut String) {
        let previous = self.previous.as_ref().filter(|l| truthy(&l.href));
        let next = self.next.as_ref().filter(|l| truthy(&l.href));
        let block = self.items.is_none() && (self.previous.is_some() || self.next.is_some());
        out.push_str("<nav class=\"govuk-pagination");
        if block {
            out.push_str(" govuk-pagination--block");
        }
        if let Some(c) = some(&self.classes) {
            out.push(' ');
            out.push_str(c);
        }
        out.push_str("\" aria-label=\"");
        push_escaped(out, some(&self.landmark_label).unwrap_or("Pagination"));
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        if let Some(link) = previous {
            push_arrow_link(out, link, true, block);
        }
        if let Some(items) = &self.items {
            out.push_str("<ul class=\"govuk-pagination__list\">");
            for item in items.iter().flatten() {
                if *item != PaginationItem::default() {
                    push_page_item(out, item);
                }
            }
            out.push_str("</ul>");
        }
        if let Some(link) = next {
            push_arrow_link(out, link, false, block);
        }
        out.push_str("</nav>");
    }
}

/// The panel of a tab.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TabPanel {
    /// Text, shown in a paragraph.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// A tab.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TabItem {
    /// Id of the panel, default from the id prefix and position.
    pub id: Option<String>,
    /// Tab label.
    pub label: Option<String>,
    /// Panel.
    pub panel: TabPanel,
    /// Extra attributes on the tab link.
    pub attributes: Attributes,
}

/// Tabs (`govukTabs`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Tabs {
    /// Id.
    pub id: Option<String>,
    /// Prefix of panel ids.
    pub id_prefix: Option<String>,
    /// Title above the tab list, default "Contents".
    pub title: Option<String>,
    /// Tabs (`None` for a falsy item, which still counts for ids).
    #[serde(deserialize_with = "de_sparse_vec")]
    pub items: Vec<Option<TabItem>>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

impl Component for Tabs {
    fn render_into(&self, out: &mut String) {
        out.push_str("<div");
        if let Some(id) = some(&self.id) {
            out.push_str(" id=\"");
            push_escaped(out, id);
            out.push('"');
        }
        out.push_str(" class=\"");
        push_classes(out, "govuk-tabs", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push_str(" data-module=\"govuk-tabs\"><h2 class=\"govuk-tabs__title\">");
        push_escaped(out, self.title.as_deref().unwrap_or("Contents"));
        out.push_str("</h2>");
        if !self.items.is_empty() {
            let prefix = some(&self.id_prefix).unwrap_or("undefined");
            let panel_id = |item: &TabItem, index: usize| match some(&item.id) {
                Some(id) => id.to_owned(),
                None => format!("{prefix}-{index}"),
            };
            out.push_str("<ul class=\"govuk-tabs__list\">");
            for (i, item) in self.items.iter().enumerate() {
                let Some(item) = item else { continue };
                out.push_str("<li class=\"govuk-tabs__list-item");
                if i == 0 {
                    out.push_str(" govuk-tabs__list-item--selected");
                }
                out.push_str("\"><a class=\"govuk-tabs__tab\" href=\"#");
                push_escaped(out, &panel_id(item, i + 1));
                out.push('"');
                item.attributes.render_into(out);
                out.push('>');
                if let Some(l) = &item.label {
                    push_escaped(out, l);
                }
                out.push_str("</a></li>");
            }
            out.push_str("</ul>");
            for (i, item) in self.items.iter().enumerate() {
                let Some(item) = item else { continue };
                out.push_str("<div class=\"govuk-tabs__panel");
                if i > 0 {
                    out.push_str(" govuk-tabs__panel--hidden");
                }
                out.push_str("\" id=\"");
                push_escaped(out, &panel_id(item, i + 1));
                out.push('"');
                item.panel.attributes.render_into(out);
                out.push('>');
                if let Some(h) = some(&item.panel.html) {
                    out.push_str(h.trim());
                } else if let Some(t) = some(&item.panel.text) {
                    out.push_str("<p class=\"govuk-body\">");
                    push_escaped(out, t);
                    out.push_str("</p>");
                }
                out.push_str("</div>");
            }
        }
        out.push_str("</div>");
    }
}

/// The title of a task.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TaskTitle {
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
}

/// The status of a task: a tag, or text.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TaskStatus {
    /// Tag.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub tag: Option<Tag>,
    /// Text.
    pub text: Option<String>,
    /// HTML.
    pub html: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
}

/// A task.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TaskListItem {
    /// Title.
    pub title: TaskTitle,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Content>,
    /// Status.
    pub status: TaskStatus,
    /// Link to the task.
    pub href: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
}

/// Task list (`govukTaskList`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TaskList {
    /// Tasks (`None` for a falsy item, which still counts for ids).
    #[serde(deserialize_with = "de_sparse_vec")]
    pub items: Vec<Option<TaskListItem>>,
    /// Prefix of hint and status ids, default `task-list`.
    pub id_prefix: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

fn push_task(out: &mut String, item: &TaskListItem, prefix: &str, index: usize) {
    let hint_id = format!("{prefix}-{index}-hint");
    let status_id = format!("{prefix}-{index}-status");
    out.push_str("<li class=\"govuk-task-list__item");
    if truthy(&item.href) {
        out.push_str(" govuk-task-list__item--with-link");
    }
    if let Some(c) = some(&item.classes) {
        out.push(' ');
        out.push_str(c);
    }
    out.push_str("\"><div class=\"govuk-task-list__name-and-hint\">");
    if let Some(href) = some(&item.href) {
        out.push_str("<a class=\"");
        push_classes(out, "govuk-link govuk-task-list__link", &item.title.classes);
        out.push_str("\" href=\"");
        push_escaped(out, href);
        out.push_str("\" aria-describedby=\"");
        if item.hint.is_some() {
            push_escaped(out, &hint_id);
            out.push(' ');
        }
        push_escaped(out, &status_id);
        out.push_str("\">");
        push_html_or_text(out, &item.title.html, &item.title.text);
        out.push_str("</a>");
    } else {
        out.push_str("<div");
        if let Some(c) = some(&item.title.classes) {
            out.push_str(" class=\"");
            out.push_str(c);
            out.push('"');
        }
        out.push('>');
        push_html_or_text(out, &item.title.html, &item.title.text);
        out.push_str("</div>");
    }
    if let Some(hint) = &item.hint {
        out.push_str("<div id=\"");
        push_escaped(out, &hint_id);
        out.push_str("\" class=\"govuk-task-list__hint\">");
        hint.render_into(out);
        out.push_str("</div>");
    }
    out.push_str("</div><div class=\"");
    push_classes(out, "govuk-task-list__status", &item.status.classes);
    out.push_str("\" id=\"");
    push_escaped(out, &status_id);
    out.push_str("\">");
    if let Some(tag) = &item.status.tag {
        tag.render_into(out);
    } else {
        push_html_or_text(out, &item.status.html, &item.status.text);
    }
    out.push_str("</div></li>");
}

impl Component for TaskList {
    fn render_into(&self, out: &mut String) {
        let prefix = some(&self.id_prefix).unwrap_or("task-list");
        out.push_str("<ul class=\"");
        push_classes(out, "govuk-task-list", &self.classes);
        out.push('"');
        self.attributes.render_into(out);
        out.push('>');
        for (i, item) in self.items.iter().enumerate() {
            if let Some(item) = item {
                push_task(out, item, prefix, i + 1);
            }
        }
        out.push_str("</ul>");
    }
}
