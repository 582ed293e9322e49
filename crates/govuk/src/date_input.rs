//! Date input (`govukDateInput`): day, month and year inputs, in a fieldset
//! if one is given.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::Deserializer;

use crate::basic::{ErrorMessage, Fieldset, Hint, Label};
use crate::choices::{ChoicesFieldset, ChoicesFormGroup};
use crate::common::{
    Attributes, Component, FormGroup, Scalar, de_falsy_opt, de_opt_string, de_sparse_vec,
    push_classes, push_opt_attr, some,
};
use crate::input::{Input, hint_error};

/// A day, month or year field of a date input.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DateInputItem {
    /// Id, default `{id}-{name}`.
    pub id: Option<String>,
    /// Name (after the name prefix), for example `day`.
    pub name: Option<String>,
    /// Label text, default the capitalised name.
    pub label: Option<String>,
    /// Value.
    #[serde(deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// Whether this field has the error (`false` keeps it unmarked when the
    /// date input has an error message).
    pub error: Option<bool>,
    /// Input mode, default `numeric`.
    pub inputmode: Option<String>,
    /// Autocomplete.
    pub autocomplete: Option<String>,
    /// Pattern.
    pub pattern: Option<String>,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

/// Date input (`govukDateInput`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DateInput {
    /// Id.
    pub id: Option<String>,
    /// Prefix of field names (`{prefix}-day`).
    pub name_prefix: Option<String>,
    /// Fields in place of day, month and year (`None` for a falsy item).
    #[serde(deserialize_with = "de_sparse_vec")]
    pub items: Vec<Option<DateInputItem>>,
    /// Day field: absent gives the default, `Some(None)` (`false`) leaves it out.
    #[serde(deserialize_with = "de_present")]
    pub day: Option<Option<DateInputItem>>,
    /// Month field, as `day`.
    #[serde(deserialize_with = "de_present")]
    pub month: Option<Option<DateInputItem>>,
    /// Year field, as `day`.
    #[serde(deserialize_with = "de_present")]
    pub year: Option<Option<DateInputItem>>,
    /// Values by full field name.
    pub values: BTreeMap<String, Scalar>,
    /// Hint.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub hint: Option<Hint>,
    /// Error message.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub error_message: Option<ErrorMessage>,
    /// Fieldset around the fields.
    #[serde(deserialize_with = "de_falsy_opt")]
    pub fieldset: Option<ChoicesFieldset>,
    /// Form group.
    pub form_group: ChoicesFormGroup,
    /// Extra classes.
    pub classes: Option<String>,
    /// Extra attributes.
    pub attributes: Attributes,
}

fn de_present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<DateInputItem>>, D::Error> {
    Ok(Some(de_falsy_opt(d)?))
}

fn value_of(s: Option<&Scalar>) -> Option<String> {
    match s? {
        Scalar::Null => None,
        Scalar::Bool(b) => Some(b.to_string()),
        Scalar::Str(s) => Some(s.clone()),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

const PARTS: [(&str, &str); 3] = [("day", "2"), ("month", "2"), ("year", "4")];

impl DateInput {
    /// The day, month or year param as the template resolves it: the given
    /// object, `None` for `false`, or the default field.
    fn part(&self, k: usize) -> Option<DateInputItem> {
        let given = [&self.day, &self.month, &self.year][k];
        let (name, width) = PARTS[k];
        match given {
            Some(item) => item.clone(),
            None => Some(DateInputItem {
                name: Some(name.to_owned()),
                value: value_of(self.values.get(name)),
                classes: Some(format!("govuk-input--width-{width}")),
                ..DateInputItem::default()
            }),
        }
    }

    fn render_item(
        &self,
        out: &mut String,
        parts: &[Option<DateInputItem>; 3],
        item: &DateInputItem,
        default_role: Option<usize>,
        any_error: bool,
    ) {
        let role = (0..3).find(|&k| {
            default_role == Some(k)
                || some(&item.name).is_some_and(|n| {
                    n == PARTS[k].0 || parts[k].as_ref().and_then(|p| some(&p.name)) == Some(n)
                })
        });
        let mut name = item.name.clone().unwrap_or_default();
        let mut value = item.value.clone();
        let mut width = "2";
        if let Some(k) = role {
            if item.name.is_none() {
                PARTS[k].0.clone_into(&mut name);
            }
            if value.is_none() {
                value = parts[k].as_ref().and_then(|p| p.value.clone());
            }
            width = PARTS[k].1;
        }
        let classes = item.classes.as_deref().filter(|c| !c.is_empty());
        let has_error =
            item.error == Some(true) || classes.is_some_and(|c| c.contains("govuk-input--error"));
        let mut item_classes = String::new();
        if !classes.is_some_and(|c| c.contains("govuk-input--error"))
            && (has_error
                || (item.error != Some(false) && self.error_message.is_some() && !any_error))
        {
            item_classes.push_str(" govuk-input--error");
        }
        if !classes.is_some_and(|c| c.contains("govuk-input--width-")) {
            item_classes.push_str(" govuk-input--width-");
            item_classes.push_str(width);
        }
        if let Some(c) = classes {
            item_classes.push(' ');
            item_classes.push_str(c);
        }
        let item_classes = item_classes.trim();
        let prefix = some(&self.name_prefix).map_or(String::new(), |p| format!("{p}-"));
        let full_name = format!("{prefix}{name}");
        let value = value.or_else(|| value_of(self.values.get(&full_name)));
        let id = some(&item.id).map_or_else(
            || format!("{}-{name}", self.id.as_deref().unwrap_or("undefined")),
            str::to_owned,
        );
        let mut class = "govuk-date-input__input".to_owned();
        if !item_classes.is_empty() {
            class.push(' ');
            class.push_str(item_classes);
        }
        out.push_str("<div class=\"govuk-date-input__item\">");
        Input {
            label: Some(Label {
                text: Some(some(&item.label).map_or_else(|| capitalize(&name), str::to_owned)),
                classes: Some("govuk-date-input__label".to_owned()),
                ..Label::default()
            }),
            id: Some(id),
            classes: Some(class),
            name: Some(full_name),
            value,
            type_: Some("text".to_owned()),
            inputmode: Some(some(&item.inputmode).unwrap_or("numeric").to_owned()),
            autocomplete: item.autocomplete.clone(),
            pattern: item.pattern.clone(),
            attributes: item.attributes.clone(),
            ..Input::default()
        }
        .render_into(out);
        out.push_str("</div>");
    }
}

impl Component for DateInput {
    fn render_into(&self, out: &mut String) {
        let parts = [self.part(0), self.part(1), self.part(2)];
        let items: Vec<(Option<&DateInputItem>, Option<usize>)> = if self.items.is_empty() {
            parts
                .iter()
                .enumerate()
                .map(|(k, p)| (p.as_ref(), Some(k)))
                .collect()
        } else {
            self.items.iter().map(|i| (i.as_ref(), None)).collect()
        };
        let any_error = items.iter().filter_map(|(i, _)| *i).any(|i| {
            i.error == Some(true)
                || i.classes
                    .as_deref()
                    .is_some_and(|c| c.contains("govuk-input--error"))
        });
        let mut described_by = self
            .fieldset
            .as_ref()
            .and_then(|f| some(&f.described_by))
            .unwrap_or("")
            .to_owned();
        let mut inner = String::new();
        let id = self.id.as_deref().unwrap_or("undefined");
        hint_error(
            &mut inner,
            id,
            &self.hint,
            &self.error_message,
            &mut described_by,
        );
        inner.push_str("<div class=\"");
        push_classes(&mut inner, "govuk-date-input", &self.classes);
        inner.push('"');
        self.attributes.render_into(&mut inner);
        push_opt_attr(&mut inner, "id", &self.id);
        inner.push('>');
        if let Some(c) = &self.form_group.before_inputs {
            c.render_into(&mut inner);
        }
        for (item, role) in &items {
            if let Some(item) = item {
                self.render_item(&mut inner, &parts, item, *role, any_error);
            }
        }
        if let Some(c) = &self.form_group.after_inputs {
            c.render_into(&mut inner);
        }
        inner.push_str("</div>");
        FormGroup {
            classes: self.form_group.classes.clone(),
            attributes: self.form_group.attributes.clone(),
            ..FormGroup::default()
        }
        .open(out, self.error_message.is_some());
        if let Some(fieldset) = &self.fieldset {
            Fieldset {
                described_by: Some(described_by),
                classes: fieldset.classes.clone(),
                role: Some("group".to_owned()),
                attributes: fieldset.attributes.clone(),
                legend: fieldset.legend.clone(),
                html: None,
            }
            .render_with(out, |out| out.push_str(&inner));
        } else {
            out.push_str(&inner);
        }
        out.push_str("</div>");
    }
}
