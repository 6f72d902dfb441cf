// Package browsertest holds the browser test of churn's HTML report
// (TestBrowser): it loads reports in headless Chromium with
// github.com/chromedp/chromedp. It is a module of its own, as
// cespare/xxhash keeps its rival benchmarks in xxhashbench, so that
// churn's go.mod carries no browser automation; its go.mod uses the churn
// module in the parent directories. Run its tests from this directory:
//
//	cd report/browsertest && go test ./...
//
// The test skips when /usr/bin/chromium is missing (apt-get install
// chromium) and with -short. CHURN_SCREENSHOT=1 saves a screenshot of the
// seeds report to docs/seeds-report.png, which the README shows.
package browsertest
