//! `highneeds child`: record a child or young person; show one (an audited read).

use app::Actor;
use app::children::{NewChild, register_child, view_child};
use clap::{Args, Subcommand};
use store::Location;

#[derive(Subcommand)]
pub enum ChildCommand {
    /// Record a child or young person.
    Add(Box<AddArgs>),
    /// Show a child's record. The look is recorded in the audit trail.
    Show {
        /// The council, by DfE LA code.
        #[arg(long)]
        la: String,
        /// The child's id in the council.
        id: i64,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// The council, by DfE LA code.
    #[arg(long)]
    la: String,
    #[arg(long)]
    forename: String,
    #[arg(long)]
    surname: String,
    /// Date of birth, YYYY-MM-DD.
    #[arg(long)]
    birth_date: String,
    /// SEN2 sex code: M, F or U.
    #[arg(long)]
    sex: String,
    /// CBDS ethnicity code, e.g. WBRI.
    #[arg(long)]
    ethnicity: Option<String>,
    #[arg(long)]
    postcode: Option<String>,
    /// Unique pupil number (13 characters, check letter first).
    #[arg(long)]
    upn: Option<String>,
    /// Unique learner number (10 digits).
    #[arg(long)]
    uln: Option<String>,
    /// SEN2 reason the UPN is unknown, UN1 to UN10.
    #[arg(long)]
    upn_unknown: Option<String>,
    /// SEN2 need code; give the primary need first and at most one secondary.
    #[arg(long = "need")]
    needs: Vec<String>,
}

pub async fn run(location: &Location, command: ChildCommand) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    match command {
        ChildCommand::Add(a) => {
            let a = *a;
            let la = crate::parse_la(&a.la)?;
            let store = crate::open(location).await?;
            let new = NewChild {
                forename: a.forename,
                surname: a.surname,
                birth_date: a.birth_date,
                sex: a.sex,
                ethnicity: a.ethnicity,
                postcode: a.postcode,
                upn: a.upn,
                uln: a.uln,
                upn_unknown: a.upn_unknown,
                needs: a.needs,
            };
            let id = register_child(&store, &Actor::operator(la), new, today).await?;
            println!("Recorded child {id}.");
            store.close().await;
        }
        ChildCommand::Show { la, id } => {
            let la = crate::parse_la(&la)?;
            let store = crate::open(location).await?;
            let c = view_child(&store, &Actor::operator(la), id, today).await?;
            println!("{} {} (child {})", c.forename, c.surname, c.child_id);
            println!("  born {} — age {}, {}", c.birth_date, c.age, c.nc_year);
            println!(
                "  UPN {}",
                c.upn
                    .or(c.upn_unknown)
                    .unwrap_or_else(|| "not recorded".into())
            );
            let needs: Vec<&str> = c.needs.iter().map(|n| n.label()).collect();
            println!(
                "  needs: {}",
                if needs.is_empty() {
                    "not recorded".into()
                } else {
                    needs.join("; ")
                }
            );
            for p in &c.plans {
                match p.cease_on {
                    Some(cease) => {
                        println!("  plan {} from {} ceased {}", p.plan_id, p.start_on, cease)
                    }
                    None => println!("  plan {} in force since {}", p.plan_id, p.start_on),
                }
            }
            for p in &c.placements {
                println!("  placement: {} from {}", p.category, p.entry_on);
            }
            store.close().await;
        }
    }
    Ok(())
}
