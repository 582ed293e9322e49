//! `highneeds user`: add staff with roles, list them.

use std::io::Read;

use anyhow::Context;
use app::Actor;
use app::staff::{NewStaff, add_staff, list_staff};
use clap::{Args, Subcommand};
use store::Location;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a member of staff or a professional, with one or more roles.
    Add(AddArgs),
    /// Create an API token for a member of staff's scripts (shown once).
    Token {
        /// The council, by DfE LA code.
        #[arg(long)]
        la: String,
        /// Their email address.
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. "nightly extract".
        #[arg(long)]
        name: String,
    },
    /// Set up a TOTP security code for a member of staff: prints the secret for their
    /// authenticator app. From then on they need a code to sign in.
    Totp {
        /// The council, by DfE LA code.
        #[arg(long)]
        la: String,
        /// Their email address.
        #[arg(long)]
        email: String,
    },
    /// List the council's staff and their roles.
    List {
        /// The council, by DfE LA code (e.g. 801; 999 is the demo's Exampleshire).
        #[arg(long)]
        la: String,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// The council, by DfE LA code (e.g. 801; 999 is the demo's Exampleshire).
    #[arg(long)]
    la: String,
    /// Full name.
    #[arg(long)]
    name: String,
    /// Email address (their sign-in name).
    #[arg(long)]
    email: String,
    /// A role; repeat for several. One of la_admin, send_caseworker, send_manager,
    /// finance_officer, panel_member, forum_clerk, forum_member, senco, professional.
    #[arg(long = "role", required = true)]
    roles: Vec<String>,
    /// Their service, e.g. "Educational psychology".
    #[arg(long)]
    service: Option<String>,
    /// Their team.
    #[arg(long)]
    team: Option<String>,
    /// A setting they act for, by URN or UKPRN (a SENCO's school); repeat for several.
    #[arg(long = "setting")]
    settings: Vec<String>,
    /// Read a password (12 characters or more) from standard input. Without it the account
    /// has no password until one is set.
    #[arg(long)]
    password_stdin: bool,
}

pub async fn run(location: &Location, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add(args) => {
            let la = crate::parse_la(&args.la)?;
            let password = if args.password_stdin {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .context("reading the password from standard input")?;
                Some(text.trim_end_matches(['\n', '\r']).to_string())
            } else {
                None
            };
            let store = crate::open(location).await?;
            let mut setting_ids = Vec::new();
            for reference in &args.settings {
                setting_ids.push(
                    app::settings::setting_by_reference(&store, &Actor::operator(la), reference)
                        .await?,
                );
            }
            let added = add_staff(
                &store,
                &Actor::operator(la),
                NewStaff {
                    name: args.name,
                    email: args.email,
                    service: args.service,
                    team: args.team,
                    roles: args.roles,
                    password,
                    setting_ids,
                },
            )
            .await?;
            let roles: Vec<&str> = added.roles.iter().map(|r| r.code()).collect();
            println!(
                "Added {} <{}> as staff {} with roles: {}.",
                added.name,
                added.email,
                added.staff_id,
                roles.join(", ")
            );
            store.close().await;
        }
        UserCommand::Token { la, email, name } => {
            let la = crate::parse_la(&la)?;
            let store = crate::open(location).await?;
            let token = app::auth::create_api_token_for(
                &store,
                &Actor::operator(la),
                &email,
                &name,
                chrono::Utc::now(),
            )
            .await?;
            println!("API token for {email} ({name}); it will not be shown again:\n{token}");
            store.close().await;
        }
        UserCommand::Totp { la, email } => {
            let la = crate::parse_la(&la)?;
            let store = crate::open(location).await?;
            let operator = Actor::operator(la);
            let staff_id = app::auth::staff_id_for(&store, &operator, &email).await?;
            let secret = app::auth::set_up_totp(&store, &operator, staff_id).await?;
            println!(
                "TOTP secret for {email} (enter it in an authenticator app; SHA-1, 6 digits, 30 seconds):\n{secret}"
            );
            store.close().await;
        }
        UserCommand::List { la } => {
            let la = crate::parse_la(&la)?;
            let store = crate::open(location).await?;
            for s in list_staff(&store, &Actor::operator(la)).await? {
                let roles: Vec<&str> = s.roles.iter().map(|r| r.code()).collect();
                println!(
                    "{:>5}  {:<28} {:<36} {:<28} {}",
                    s.staff_id,
                    s.name,
                    s.email,
                    s.service.unwrap_or_default(),
                    roles.join(", ")
                );
            }
            store.close().await;
        }
    }
    Ok(())
}
