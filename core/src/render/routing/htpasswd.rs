//! htpasswd lines with bcrypt (cost 10, `$2y$`, what Coolify's `password_hash` produces).
//! The salt is derived from the application, the user and the password, so rendering twice
//! gives the same bytes; the core draws no randomness.

use crate::model::{defaults, BasicAuth};
use sha2::{Digest, Sha256};

/// `user:$2y$10$...`, hashing the password unless a hash was given.
pub fn htpasswd_line(uuid: &str, auth: &BasicAuth) -> Result<String, String> {
    if let Some(hash) = &auth.hash {
        return Ok(format!("{}:{hash}", auth.username));
    }
    let password = auth.password.as_deref().unwrap_or("");
    if password.len() > 72 {
        return Err("bcrypt uses at most 72 bytes of a password; this one is longer".to_owned());
    }
    let digest = Sha256::digest(format!("coolify-k8s basic auth\0{uuid}\0{}\0{password}", auth.username).as_bytes());
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&digest[..16]);
    let parts = bcrypt::hash_with_salt(password, defaults::BCRYPT_COST, salt).map_err(|e| e.to_string())?;
    Ok(format!("{}:{}", auth.username, parts.format_for_version(bcrypt::Version::TwoY)))
}
