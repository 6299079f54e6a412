/** @type {import('prettier').Config} */
// OCA's prettier settings for 18.0 (oca-addons-repo-template).

const config = {
    // https://github.com/prettier/prettier/issues/15388#issuecomment-1717746872
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    // OCA's 18.0 template says "preserve", which still adds line breaks inside
    // elements such as <td><span/></td>, and so spaces between inline elements of
    // QWeb reports, portal pages and mails; "strict" never changes whitespace.
    xmlWhitespaceSensitivity: "strict",
};

module.exports = config;
