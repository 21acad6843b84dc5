package io.strata.vault;

import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code strata.vault.signing-key}: the KMS HMAC key that signs the catalog. Blank (the default)
 * switches signing off. Anything else must be written as KMS names a key (id, key ARN, alias or
 * alias ARN): a typo then stops start-up here, and whether the key exists, is an
 * {@code HMAC_SHA_256} key and may be used is asked of KMS once the vault is checked.
 */
final class SigningKeySetting {

    static final String KEY = CatalogSignature.SETTING;

    private static final String ID = "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
            + "|mrk-[0-9a-f]{32})";
    private static final String ALIAS = "alias/[A-Za-z0-9/_-]{1,250}";
    private static final String ARN = "arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:";
    /** A key id, alias/NAME, a key ARN or an alias ARN. */
    private static final Pattern KMS_KEY = Pattern.compile(ID + "|" + ALIAS + "|" + ARN + "key/" + ID + "|" + ARN + ALIAS);

    private SigningKeySetting() {
    }

    static String read(Properties properties) {
        String value = SettingValues.text(properties, KEY, "");
        if (value.isEmpty() || KMS_KEY.matcher(value).matches()) {
            return value;
        }
        throw new SettingsException(KEY + " must name a KMS HMAC_SHA_256 key as KMS does (a key id such as "
                + "1234abcd-12ab-34cd-56ef-1234567890ab, a key ARN, alias/NAME or an alias ARN), or be empty for no "
                + "signing, not '" + value + "'");
    }
}
