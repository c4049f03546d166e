package io.parley.server.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date with Flyway, from {@code db/migration/<dialect>} on the
 * classpath. A SQLite file made before Flyway (its versions in a {@code schema_version} table, up to
 * 4) is baselined at its version and then migrated on, in place. A schema newer than this server
 * knows is refused rather than used.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    /** The last version the hand-written SQLite migrations could write. */
    static final int LAST_LEGACY_VERSION = 4;

    private Migrations() {
    }

    /** dialect: "sqlite" or "postgresql"; where: the database, for messages. */
    public static void migrate(DataSource ds, String dialect, String where) {
        FluentConfiguration cfg = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:db/migration/" + dialect)
                .cleanDisabled(true);
        int legacy = legacyVersion(ds);
        if (legacy > LAST_LEGACY_VERSION) {
            throw new IllegalStateException("database " + where + " has schema version " + legacy
                    + ", newer than this server knows (" + LAST_LEGACY_VERSION + ")");
        }
        if (legacy > 0) {
            LOG.info("database {} was migrated by hand to version {}: Flyway takes over from there", where, legacy);
            cfg.baselineOnMigrate(true).baselineVersion(String.valueOf(legacy))
                    .baselineDescription("hand-written migrations 1-" + legacy);
        }
        Flyway flyway = cfg.load();
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                throw new IllegalStateException("database " + where + " has schema version " + m.getVersion()
                        + ", newer than this server knows (" + flyway.info().current() + " is the newest it has)");
            }
        }
        int applied = flyway.migrate().migrationsExecuted;
        if (applied > 0) {
            LOG.info("database {} schema migrated to version {} ({} migrations)", where,
                    flyway.info().current().getVersion(), applied);
        }
    }

    /** The version a pre-Flyway database recorded, or 0 when there is none (new, or Flyway's already). */
    private static int legacyVersion(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            if (hasTable(c, "flyway_schema_history") || !hasTable(c, "schema_version")) {
                return 0;
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema version: " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, c.getSchema(), name, null)) {
            return rs.next();
        }
    }
}
