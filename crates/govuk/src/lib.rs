//! GOV.UK Frontend components for Highneeds' web pages.
//!
//! Each component of the pinned npm package `govuk-frontend` (see
//! `frontend/package.json`) that the service uses is ported from its Nunjucks
//! template to a Rust params struct whose fields mirror the macro's options
//! (camelCase through serde) and a [`Component`] implementation that writes the
//! same HTML. Pages build these structs in Rust; the tests deserialize the same
//! structs from the upstream `fixtures.json` of every component and compare the
//! output with the fixture's HTML (`tests/fixtures.rs`, with the few known
//! differences listed in `tests/allow-list.txt`). Text is escaped as Nunjucks
//! autoescape does; `html` params are inserted as given. Components that contain
//! others (a label, hint and error message inside an input, a fieldset around
//! radios or a date input, a textarea inside a character count, a button in a
//! panel, a tag in a task list) call the same renderers. The header is the generic, service-name-only header and the footer
//! leaves out upstream's crown: this crate never renders GOV.UK branding.

mod banners;
mod basic;
mod button;
mod choices;
mod common;
mod date_input;
mod error_summary;
mod footer;
mod forms;
mod header;
mod input;
mod navigation;
mod summary;

pub use banners::{NotificationBanner, Panel, PanelAction, PanelActions};
pub use basic::{
    BackLink, Details, ErrorMessage, Fieldset, Hint, InsetText, Label, Legend, SkipLink, Tag,
    WarningText,
};
pub use button::{BreadcrumbItem, Breadcrumbs, Button};
pub use choices::{
    Checkboxes, ChoiceItem, ChoicesFieldset, ChoicesFormGroup, Conditional, ItemLabel, Radios,
};
pub use common::{
    AttrValue, Attributes, Component, Content, FormGroup, Scalar, escape, push_escaped,
};
pub use date_input::{DateInput, DateInputItem};
pub use error_summary::{ErrorSummary, ErrorSummaryItem};
pub use footer::{Footer, FooterLink, FooterMeta, FooterNavigation};
pub use forms::{CharacterCount, CountMessage, FileUpload, Plurals};
pub use header::{
    EndSlot, GenericHeader, PhaseBanner, PhaseBannerTag, ServiceNavigation, ServiceNavigationItem,
    ServiceNavigationSlots,
};
pub use input::{Affix, Input, InputWrapper, Select, SelectItem, Textarea};
pub use navigation::{
    Pagination, PaginationItem, PaginationLink, TabItem, TabPanel, Tabs, TaskList, TaskListItem,
    TaskStatus, TaskTitle,
};
pub use summary::{
    SummaryAction, SummaryActions, SummaryCard, SummaryCardTitle, SummaryCell, SummaryList,
    SummaryRow, Table, TableCell,
};
