//! Roles (角色) and the permission matrix that decides every endpoint and page.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a user does in the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// 系统管理员
    Admin,
    /// 销售经理: approves contracts, watches progress.
    SalesManager,
    /// 跟单员: owns orders from contract to cash.
    Merchandiser,
    /// 单证: certificates and document checks.
    Documentation,
    /// 海运/船务: bookings and containers.
    Shipping,
    /// 财务: receipts and closing.
    Finance,
    /// 生产/计划/仓库: output and warehouse intake.
    Production,
    /// Read-only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::SalesManager,
        Role::Merchandiser,
        Role::Documentation,
        Role::Shipping,
        Role::Finance,
        Role::Production,
        Role::Viewer,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::SalesManager => "sales_manager",
            Role::Merchandiser => "merchandiser",
            Role::Documentation => "documentation",
            Role::Shipping => "shipping",
            Role::Finance => "finance",
            Role::Production => "production",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| {
                format!(
                    "`{s}` is not a role; use one of {}",
                    Role::ALL.map(|r| r.as_str()).join(", ")
                )
            })
    }

    /// Whether this role holds `p`.
    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match p {
            Authenticated | PartyRead => true,
            PartyWrite => !matches!(self, Production | Viewer),
            PartyDelete => matches!(self, Admin | SalesManager),
            AuditRead => !matches!(self, Production | Viewer),
            UserManage | CompanyManage => matches!(self, Admin),
            TradeRead => true,
            ProductWrite => matches!(self, Admin | SalesManager | Merchandiser | Documentation),
            ContractWrite => matches!(self, Admin | SalesManager | Merchandiser),
            // Which step a role may take is the contract state machine's decision.
            ContractStep => matches!(self, Admin | SalesManager | Merchandiser | Finance),
            CreditWrite => matches!(self, Admin | SalesManager | Merchandiser | Documentation),
            Import => matches!(self, Admin | SalesManager | Merchandiser),
            InstructionWrite | StockWrite => matches!(self, Admin | SalesManager | Merchandiser),
            // Which section a role acknowledges is `instruction::Department::role`'s decision.
            InstructionAcknowledge => matches!(self, Production | Documentation | Shipping),
            ProgressWrite => matches!(self, Admin | SalesManager | Merchandiser | Production),
            ShipmentWrite => matches!(self, Admin | SalesManager | Merchandiser | Shipping),
            DocumentWrite => crate::trade_document::may_check(self),
            DispatchWrite => matches!(self, Admin | SalesManager | Merchandiser | Documentation),
            ReceivableWrite => matches!(self, Admin | SalesManager | Finance),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A capability a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Any signed-in user (own session, own tokens, language, dashboard).
    Authenticated,
    PartyRead,
    PartyWrite,
    PartyDelete,
    AuditRead,
    UserManage,
    /// Our company profile (seller on every document).
    CompanyManage,
    /// Products, customer profiles, contracts, letters of credit.
    TradeRead,
    /// Products and customer profiles.
    ProductWrite,
    /// Create and edit contracts.
    ContractWrite,
    /// Take a step on a contract (the state machine decides which).
    ContractStep,
    /// Letters of credit.
    CreditWrite,
    /// Import customers and products from files.
    Import,
    /// Create, edit, issue and cancel instructions (指令); supplier links.
    InstructionWrite,
    /// Acknowledge a department's section of an instruction.
    InstructionAcknowledge,
    /// Report production progress.
    ProgressWrite,
    /// Record a customer's stock.
    StockWrite,
    /// Bookings, containers, milestones, shipping advice and tracking links (订舱, 出运).
    ShipmentWrite,
    /// Generate, record, check, finalise and send trade documents (单证).
    DocumentWrite,
    /// Dispatch documents by courier, through the banks or as an L/C presentation (寄单).
    DispatchWrite,
    /// Record receipts, apply them and write off short or over payments (收汇).
    ReceivableWrite,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("boss").unwrap_err().contains("sales_manager"));
    }

    #[test]
    fn viewer_only_reads_and_admin_does_everything() {
        assert!(Role::Viewer.allows(Permission::PartyRead));
        assert!(!Role::Viewer.allows(Permission::PartyWrite));
        assert!(!Role::Merchandiser.allows(Permission::PartyDelete));
        for p in [
            Permission::PartyRead,
            Permission::PartyWrite,
            Permission::PartyDelete,
            Permission::AuditRead,
            Permission::UserManage,
        ] {
            assert!(Role::Admin.allows(p));
        }
    }
}
