//! Email from the web's pages. The [`Mailer`] itself lives in `app` (background jobs send mail
//! too) and is re-exported here so `web::Mailer` keeps working. The text of each message says
//! what to do next and holds nothing the recipient may not see.

pub use app::mail::Mailer;

/// The sign-in code email: the code, what to do with it, and what to do if it was not asked for.
pub fn sign_in_code(council: &str, code: &str) -> (String, String) {
    (
        format!("Your sign-in code: {code}"),
        format!(
            "Your code to sign in to Manage SEND and high needs is {code}\n\n\
             Enter it on the sign-in page within 15 minutes. It works once.\n\n\
             If you did not ask to sign in, you can ignore this email: nobody can sign in without the code.\n\n\
             {council}"
        ),
    )
}
