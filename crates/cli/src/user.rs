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
