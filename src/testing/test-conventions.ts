// Where each ecosystem keeps its tests and how a test case is written, from each test tool's documented
// defaults. One entry per ecosystem: which files are its code, which of them are tests (by name, or only by
// folder: a helper in spec/support is not a test unless it holds cases), which are neither (helpers, build
// scripts, generated code), and a linear pattern counting test cases. Python and JavaScript/TypeScript keep
// their own readers in test-inventory.ts (imports, packages); these are the others. Pure.

export type EcosystemLanguage = 'ruby' | 'go' | 'jvm' | 'dotnet' | 'rust' | 'php';

export interface TestConvention {
  language: EcosystemLanguage;
  /** What the evidence calls it. */
  label: string;
  /** The ecosystem's code files. */
  code: RegExp;
  /** `name`: a test file by its name (counted even when empty); `folder`: counted only when it holds cases. */
  testKind(path: string): 'name' | 'folder' | null;
  /** Neither test nor source: helpers, build scripts, configuration, generated code. */
  support: RegExp;
  /** Counts test cases; `g` and `m` flags, linear. */
  cases: RegExp;
  /** Test cases can sit in source files (Rust `#[cfg(test)]` modules): sources are read for cases too. */
  inlineTests?: RegExp;
}

/** RSpec `spec/**\/*_spec.rb`; minitest and Rails `test/**\/*_test.rb` or `test_*.rb`. */
const RUBY: TestConvention = {
  language: 'ruby',
  label: 'Ruby (RSpec, minitest)',
  code: /\.rb$/,
  testKind: (path) => {
    const inTestFolder = /(^|\/)(spec|test)\//.test(path);
    if (/_spec\.rb$/.test(path) || (inTestFolder && /(^|\/)(test_[^/]*|[^/]*_test)\.rb$/.test(path))) return 'name';
    return inTestFolder ? 'folder' : null;
  },
  support: /(^|\/)(config|db|bin|script)\/|(^|\/)(Gemfile|Rakefile|[^/]*\.gemspec)$/,
  // RSpec examples (`it`, `specify`, `scenario`…, shared examples included), minitest `def test_…`, Rails `test "…" do`.
  cases: /^[ \t]*(?:(?:it|specify|example|scenario|its|fit|xit)(?:[ \t]*[({'"]|[ \t]+(?:do|\{)\b|[ \t]*$)|(?:it_behaves_like|it_should_behave_like|include_examples)\b|def[ \t]+test_|test[ \t]*\(?[ \t]*["'])/gm,
};

/** `go test` runs `*_test.go`: `TestX`, `FuzzX` and `ExampleX` functions, Ginkgo `It(`. */
const GO: TestConvention = {
  language: 'go',
  label: 'Go',
  code: /\.go$/,
  // `export_test.go` and helper files hold no Test functions by design: counted when they hold cases.
  testKind: (path) => (path.endsWith('_test.go') ? 'folder' : null),
  support: /(^|\/)(testdata|vendor)\/|\.pb(\.gw)?\.go$|_gen\.go$|(^|\/)zz_generated[^/]*\.go$/,
  cases: /^(?:func[ \t]+(?:Test|Fuzz|Example)\w*[ \t]*\(|[ \t]*It\([ \t]*")/gm,
};

/** Maven/Gradle `src/test/<lang>/`, `*Test`, `*Tests`, `*IT`, `*Spec` (JUnit, TestNG, Kotest, Spock, ScalaTest). */
const JVM: TestConvention = {
  language: 'jvm',
  label: 'JVM (Java, Kotlin, Groovy, Scala)',
  code: /\.(java|kt|groovy|scala)$/,
  // Abstract base classes (`AbstractIntegrationTest`) carry test names without cases: counted when they hold cases.
  testKind: (path) => (/(^|\/)[^/]*(Test|Tests|IT|Spec|TestCase)\.(java|kt|groovy|scala)$/.test(path) || /(^|\/)src\/(test|androidTest|integrationTest|intTest|it|testFixtures)\//.test(path) ? 'folder' : null),
  support: /(^|\/)(build|target|out|\.gradle)\//,
  // Annotations (JUnit 4/5, TestNG, jqwik), JUnit 3 `void testX(`, Kotest/ScalaTest `"…" {`/`should`/`in {`, `test("…")`, Spock `def "…"()`.
  cases:
    /@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property)\b|\bvoid[ \t]+test\w*[ \t]*\(|^[ \t]*(?:"[^"\n]{1,300}"[ \t]*(?:\{|-[ \t]*\{|should\b|in[ \t]*\{|\.config\b)|(?:test|should|it|scenario|expect|feature)\([ \t]*"|def[ \t]+"[^"\n]{1,300}"[ \t]*\()/gm,
};

/** .NET test projects (`*.Tests`, `*.UnitTests`, `tests/`) with xUnit `[Fact]`/`[Theory]`, NUnit `[Test]`/`[TestCase]`, MSTest `[TestMethod]`. */
const DOTNET: TestConvention = {
  language: 'dotnet',
  label: '.NET (C#, F#, VB)',
  code: /\.(cs|fs|vb)$/,
  // Base classes and fixtures share the test projects: a file counts when it holds test attributes.
  testKind: (path) => (/(^|\/)[^/]*(Tests?|Specs?)\.(cs|fs|vb)$/.test(path) || /(^|\/)(?:[^/]*\.)?(?:Unit|Integration|Functional|Acceptance|Api|E2E)?(?:Tests?|Specs?)\//i.test(path) ? 'folder' : null),
  support: /(^|\/)(obj|bin)\/|\.(Designer|g|g\.i|AssemblyInfo)\.cs$|(^|\/)AssemblyInfo\.cs$/,
  cases: /\[<?[ \t]*(?:Fact|Theory|Test|TestCase|TestCaseSource|TestMethod|DataTestMethod)\b/g,
};

/** Cargo: integration tests in `tests/*.rs`, unit tests in `#[cfg(test)]` modules of the sources. */
const RUST: TestConvention = {
  language: 'rust',
  label: 'Rust',
  code: /\.rs$/,
  testKind: (path) => {
    if (!/(^|\/)tests\//.test(path)) return null;
    // Shared helpers of integration tests (`tests/common/mod.rs`) count only when they hold tests.
    return /(^|\/)(common|helpers?|support|utils?)(\/mod)?\.rs$/.test(path) || /(^|\/)(common|helpers?|support|utils?)\//.test(path) ? 'folder' : 'name';
  },
  support: /(^|\/)(target|benches|examples)\/|(^|\/)build\.rs$/,
  cases: /#\[(?:\w+::)?test\]|#\[(?:rstest|test_case|quickcheck|proptest)\b/g,
  inlineTests: /#\[cfg\(test\)\]|#\[(?:\w+::)?test\]/,
};

/** PHPUnit `tests/**\/*Test.php` (`testX` methods, `@test`, `#[Test]`), Pest `it(`/`test(`. */
const PHP: TestConvention = {
  language: 'php',
  label: 'PHP (PHPUnit, Pest)',
  code: /\.php$/,
  testKind: (path) => (/(^|\/)[^/]+Test\.php$/.test(path) ? 'name' : /(^|\/)tests?\//i.test(path) ? 'folder' : null),
  support: /(^|\/)(config|bootstrap|storage|public|resources\/views|database)\/|\.blade\.php$/,
  cases: /\bfunction[ \t]+test\w*[ \t]*\(|@test\b|#\[Test\]|^[ \t]*(?:it|test)\([ \t]*['"]/gm,
};

export const TEST_CONVENTIONS: readonly TestConvention[] = [RUBY, GO, JVM, DOTNET, RUST, PHP];

/** Programming languages Linguist names that the tests check reads (Python and JavaScript/TypeScript in test-inventory.ts). */
export const READ_LANGUAGES = new Set([
  'Python',
  'JavaScript',
  'TypeScript',
  'TSX',
  'Ruby',
  'Go',
  'Java',
  'Kotlin',
  'Groovy',
  'Scala',
  'C#',
  'F#',
  'Visual Basic .NET',
  'Rust',
  'PHP',
  'Hack',
]);

/**
 * Languages that sit in test folders without being test code: build and shell glue, infrastructure, database
 * scripts (fixtures). A test folder holding them is not a test suite the check failed to read.
 */
export const NOT_TEST_CODE = new Set(['Shell', 'Batchfile', 'Makefile', 'Dockerfile', 'CMake', 'Starlark', 'Nix', 'HCL', 'PLpgSQL', 'PLSQL', 'TSQL', 'SQLPL', 'Roff', 'Jsonnet']);

/** A path that looks like test code in any language: a test folder, or a test-like file name. */
export function looksLikeTest(path: string): boolean {
  return /(^|\/)(tests?|specs?|__tests__|testing|[^/]*[._-]tests?|[^/]*Tests?)\//.test(path) || /(^|\/)(test_[^/]*|[^/]*[._-](tests?|spec)\.[^/.]+|[^/]*(Test|Tests|Spec)\.[^/.]+)$/.test(path);
}
