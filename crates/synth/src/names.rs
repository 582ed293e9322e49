//! Names, addresses and identifiers that are plainly synthetic.
//!
//! Everything synth makes must be impossible to mistake for a real child, school or street.
//! Forenames come from a list of common first names (on their own they identify nobody);
//! surnames, street and school names are built from invented stems and endings ("Samplewood",
//! "Testley", "Mockfield"); postcodes use the area letters `ZZ`, which no real postcode uses;
//! UPNs carry LA code 999, which no council has.

use domain::ids::Postcode;
use rand::RngExt;
use rand::seq::IndexedRandom;

/// Stems for surnames, places and streets. Each is a word for a stand-in or a trial.
pub const STEMS: [&str; 20] = [
    "Sample",
    "Test",
    "Mock",
    "Example",
    "Demo",
    "Dummy",
    "Model",
    "Pattern",
    "Proto",
    "Trial",
    "Draft",
    "Fable",
    "Token",
    "Placebo",
    "Proxy",
    "Decoy",
    "Replica",
    "Facsimile",
    "Specimen",
    "Pretend",
];

/// Endings that make a stem into a surname or a place name.
pub const ENDINGS: [&str; 20] = [
    "wood", "ley", "field", "ton", "ford", "bridge", "worth", "by", "ham", "well", "combe",
    "stead", "thorpe", "shaw", "hurst", "dale", "brook", "more", "gate", "holme",
];

/// Common first names for girls in England and Wales in recent decades.
pub const GIRLS: [&str; 60] = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Florence",
    "Willow",
    "Evie",
    "Poppy",
    "Ella",
    "Emily",
    "Elsie",
    "Sienna",
    "Daisy",
    "Charlotte",
    "Phoebe",
    "Ruby",
    "Harper",
    "Evelyn",
    "Matilda",
    "Alice",
    "Maya",
    "Millie",
    "Sofia",
    "Aria",
    "Layla",
    "Emilia",
    "Hannah",
    "Jessica",
    "Chloe",
    "Lucy",
    "Megan",
    "Holly",
    "Amber",
    "Eleanor",
    "Erin",
    "Zara",
    "Aisha",
    "Fatima",
    "Maryam",
    "Amira",
    "Nia",
    "Esme",
    "Harriet",
    "Imogen",
    "Lola",
    "Molly",
    "Niamh",
    "Orla",
    "Scarlett",
    "Thea",
    "Zoe",
    "Hollie",
];

/// Common first names for boys in England and Wales in recent decades.
pub const BOYS: [&str; 60] = [
    "Noah", "Muhammad", "Oliver", "George", "Leo", "Arthur", "Oscar", "Theodore", "Freddie",
    "Jack", "Archie", "Henry", "Alfie", "Charlie", "Theo", "Finley", "Harry", "Thomas", "Jacob",
    "Isaac", "Joshua", "James", "William", "Lucas", "Edward", "Tommy", "Reggie", "Ronnie", "Albie",
    "Teddy", "Ethan", "Samuel", "Daniel", "Joseph", "Max", "Logan", "Mason", "Dylan", "Riley",
    "Harrison", "Adam", "Ibrahim", "Yusuf", "Ali", "Omar", "Kai", "Ryan", "Lewis", "Callum",
    "Kieran", "Jayden", "Tyler", "Rhys", "Aaron", "Ben", "Liam", "Connor", "Owen", "Zain",
    "Elliot",
];

/// Kinds of street.
const STREETS: [&str; 10] = [
    "Road", "Street", "Lane", "Close", "Avenue", "Way", "Crescent", "Drive", "Grove", "Gardens",
];

/// Letters allowed in the last two characters of a postcode (no C, I, K, M, O or V).
const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// A first name for a child of the given sex (`None`: either list).
pub fn forename<R: rand::Rng + ?Sized>(rng: &mut R, female: Option<bool>) -> &'static str {
    let female = female.unwrap_or_else(|| rng.random_bool(0.5));
    let list: &[&'static str] = if female { &GIRLS } else { &BOYS };
    list.choose(rng).copied().unwrap_or("Alex")
}

/// An invented surname such as "Samplewood".
pub fn surname<R: rand::Rng + ?Sized>(rng: &mut R) -> String {
    let stem = STEMS.choose(rng).copied().unwrap_or("Sample");
    let ending = ENDINGS.choose(rng).copied().unwrap_or("ton");
    format!("{stem}{ending}")
}

/// A street address line such as "12 Sample Road".
pub fn address_line<R: rand::Rng + ?Sized>(rng: &mut R) -> String {
    let number: u32 = rng.random_range(1..=180);
    let stem = STEMS.choose(rng).copied().unwrap_or("Sample");
    let street = STREETS.choose(rng).copied().unwrap_or("Road");
    format!("{number} {stem} {street}")
}

/// Postcode areas no real postcode uses, in order of preference. `ZZ` is the conventional
/// fictional area, but the UK postcode format forbids Z as the second letter, so
/// `domain::ids::Postcode` rejects it; `ZY` is the next choice (the only real area starting with
/// Z is ZE, Shetland).
pub const POSTCODE_AREAS: [&str; 2] = ["ZZ", "ZY"];

/// Makes synthetic postcodes in the first fictional area the domain's postcode type accepts.
#[derive(Debug, Clone)]
pub struct Postcodes {
    area: &'static str,
    fallback: Postcode,
}

impl Postcodes {
    /// Picks the area.
    ///
    /// # Panics
    /// If `domain::ids::Postcode` accepts none of [`POSTCODE_AREAS`] nor the special postcode
    /// `GIR 0AA`; a unit test guards against it.
    pub fn new() -> Self {
        for area in POSTCODE_AREAS {
            if let Ok(fallback) = format!("{area}1 1AA").parse::<Postcode>() {
                return Self { area, fallback };
            }
        }
        match "GIR 0AA".parse::<Postcode>() {
            Ok(fallback) => Self {
                area: "GIR",
                fallback,
            },
            Err(e) => {
                panic!("no synthetic postcode area is accepted by domain::ids::Postcode: {e}")
            }
        }
    }

    /// The area letters in use.
    #[cfg(test)]
    pub fn area(&self) -> &'static str {
        self.area
    }

    /// A postcode in `district` (1 to 98; district 99 is avoided because the NHS uses `ZZ99`
    /// for pseudo-postcodes such as "no fixed abode").
    pub fn make<R: rand::Rng + ?Sized>(&self, rng: &mut R, district: u8) -> Postcode {
        let district = district.clamp(1, 98);
        let sector: u8 = rng.random_range(0..=9);
        let a = UNIT_LETTERS[rng.random_range(0..UNIT_LETTERS.len())] as char;
        let b = UNIT_LETTERS[rng.random_range(0..UNIT_LETTERS.len())] as char;
        format!("{}{district} {sector}{a}{b}", self.area)
            .parse()
            .unwrap_or_else(|_| self.fallback.clone())
    }
}

impl Default for Postcodes {
    fn default() -> Self {
        Self::new()
    }
}

/// The 12 characters after a UPN's check letter for the `n`th synthetic child: LA code 999,
/// then nine digits. `n` is spread by an odd multiplier coprime with 10, so distinct `n` below
/// 10^9 give distinct UPNs that do not look sequential.
pub fn upn_body(n: u64) -> String {
    let spread = (n % 1_000_000_000).wrapping_mul(387_420_489) % 1_000_000_000;
    format!("999{spread:09}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashSet;

    #[test]
    fn names_are_invented() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let s = surname(&mut rng);
        assert!(STEMS.iter().any(|stem| s.starts_with(stem)), "{s}");
        let a = address_line(&mut rng);
        assert!(a.split(' ').count() == 3, "{a}");
    }

    #[test]
    fn postcodes_are_in_a_fictional_area_and_parse() {
        let maker = Postcodes::new();
        assert!(POSTCODE_AREAS.contains(&maker.area()), "{}", maker.area());
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for _ in 0..200 {
            for d in [0, 1, 9, 98, 99, 200] {
                let p = maker.make(&mut rng, d);
                let s = p.to_string();
                assert!(
                    s.starts_with(maker.area()) && !s.contains("99 ") && p.outward().len() <= 4,
                    "{s}"
                );
                assert_eq!(s.parse::<Postcode>().unwrap(), p);
            }
        }
    }

    #[test]
    fn upn_bodies_are_distinct_and_start_with_999() {
        let bodies: HashSet<String> = (0..100_000).map(upn_body).collect();
        assert_eq!(bodies.len(), 100_000);
        assert!(bodies.iter().all(|b| b.len() == 12 && b.starts_with("999")));
    }
}
