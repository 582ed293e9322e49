//! Finding a setting for a child of a given age, to name in a plan.

use rand::RngExt;

use crate::model::Setting;

/// The council's own settings by the ages they take.
pub(crate) struct Places<'a> {
    settings: &'a [Setting],
    /// Indices into `settings` of those in the area taking each age from 0 to 25.
    by_age: Vec<Vec<usize>>,
}

impl<'a> Places<'a> {
    pub(crate) fn new(settings: &'a [Setting]) -> Self {
        let mut by_age = vec![Vec::new(); 26];
        for (i, s) in settings.iter().enumerate() {
            if !s.in_area {
                continue;
            }
            for age in s.low_age..=s.high_age.min(25) {
                by_age[age as usize].push(i);
            }
        }
        Self { settings, by_age }
    }

    /// A setting for a child of `age`: the one they attend if it takes that age, otherwise one
    /// of the council's own.
    pub(crate) fn pick<R: rand::Rng + ?Sized>(
        &self,
        rng: &mut R,
        age: u32,
        attending: Option<i64>,
    ) -> Option<i64> {
        let setting = |id: i64| {
            // Settings are numbered from 1 in order; look further only if they are not.
            usize::try_from(id - 1)
                .ok()
                .and_then(|i| self.settings.get(i))
                .filter(|s| s.id == id)
                .or_else(|| self.settings.iter().find(|s| s.id == id))
        };
        if let Some(s) = attending.and_then(setting)
            && s.low_age <= age
            && age <= s.high_age
        {
            return Some(s.id);
        }
        let options = self.by_age.get(age as usize)?;
        if options.is_empty() {
            return None;
        }
        let i = options[rng.random_range(0..options.len())];
        Some(self.settings[i].id)
    }
}
