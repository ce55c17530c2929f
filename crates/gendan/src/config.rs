//! Settings: flags win over environment variables (`GENDAN_*`), which win over the TOML
//! file (`--config` / `GENDAN_CONFIG`), which wins over the defaults.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The optional TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub data_dir: Option<PathBuf>,
    /// Mark cookies Secure (serve behind TLS).
    pub secure_cookies: Option<bool>,
    pub session_hours: Option<i64>,
    pub max_login_failures: Option<i64>,
}

impl FileConfig {
    pub fn load(path: Option<&Path>) -> Result<Self, String> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("config file {}: {e}", path.display()))
    }
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: Option<String>,
    pub bind: String,
    pub data_dir: PathBuf,
    pub web: gendan_web::WebConfig,
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

impl Settings {
    pub fn resolve(
        file: FileConfig,
        database_url: Option<String>,
        data_dir: Option<PathBuf>,
        bind: Option<String>,
        default_data_dir: &str,
    ) -> Result<Self, String> {
        let database_url = database_url.or(file.database_url).filter(|u| !u.is_empty());
        if let Some(u) = &database_url
            && !["postgres://", "postgresql://", "sqlite:"]
                .iter()
                .any(|p| u.starts_with(p))
        {
            return Err(
                "database URL is neither postgres://… nor sqlite://… (GENDAN_DATABASE_URL / --database-url)"
                    .into(),
            );
        }
        let bind = bind.or(file.bind).unwrap_or_else(|| DEFAULT_BIND.to_string());
        bind.parse::<std::net::SocketAddr>()
            .map_err(|_| format!("bind address `{bind}` is not host:port such as 127.0.0.1:8080"))?;
        let mut web = gendan_web::WebConfig::default();
        if let Some(s) = file.secure_cookies {
            web.secure_cookies = s;
        }
        if let Some(h) = file.session_hours {
            if !(1..=24 * 30).contains(&h) {
                return Err(format!("session_hours {h} must be between 1 and 720"));
            }
            web.session_hours = h;
        }
        if let Some(m) = file.max_login_failures {
            if m < 1 {
                return Err("max_login_failures must be at least 1".into());
            }
            web.max_login_failures = m;
        }
        Ok(Self {
            database_url,
            bind,
            data_dir: data_dir
                .or(file.data_dir)
                .unwrap_or_else(|| PathBuf::from(default_data_dir)),
            web,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_env_win_over_the_file() {
        let file: FileConfig =
            toml::from_str("bind = \"0.0.0.0:9000\"\ndata_dir = \"/var/lib/gendan\"").unwrap();
        let s = Settings::resolve(file, None, None, Some("127.0.0.1:7000".into()), "x").unwrap();
        assert_eq!(s.bind, "127.0.0.1:7000");
        assert_eq!(s.data_dir, PathBuf::from("/var/lib/gendan"));
    }

    #[test]
    fn unknown_keys_and_bad_binds_are_refused() {
        assert!(toml::from_str::<FileConfig>("bnid = \"x\"").is_err());
        assert!(Settings::resolve(FileConfig::default(), None, None, Some("localhost".into()), "x").is_err());
    }
}
