package eval

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes data to path, making its folders.
func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEvalDir checks how EvalDir finds ../shared/eval: beside the root of
// churn's module from any folder inside it, passing over go.mod files of
// other modules (nested ones, or a project of the user's that is not
// churn), and from CHURN_EVAL when set.
func TestEvalDir(t *testing.T) {
	tmp := t.TempDir()
	writeFile(t, filepath.Join(tmp, "shared", "eval", "README.md"), "eval data")
	writeFile(t, filepath.Join(tmp, "repo", "go.mod"), "// churn\nmodule "+ModulePath+" // the module\n\ngo 1.26\n")
	writeFile(t, filepath.Join(tmp, "repo", "nested", "go.mod"), "module "+ModulePath+"/nested\n")
	writeFile(t, filepath.Join(tmp, "repo", "nested", "deep", "x.txt"), "")
	writeFile(t, filepath.Join(tmp, "other", "go.mod"), "module \"example.com/other\"\n")
	writeFile(t, filepath.Join(tmp, "other", "shared", "eval", "README.md"), "not churn's")
	want := filepath.Join(tmp, "shared", "eval")
	t.Setenv("CHURN_EVAL", "")
	for _, wd := range []string{"repo", "repo/nested", "repo/nested/deep"} {
		t.Run(wd, func(t *testing.T) {
			t.Chdir(filepath.Join(tmp, wd))
			got, err := EvalDir()
			if err != nil || got != want {
				t.Errorf("EvalDir() = %q, %v, want %q", got, err, want)
			}
		})
	}
	t.Run("another module", func(t *testing.T) {
		// The test binary lies outside churn's module too, so nothing
		// is found.
		t.Chdir(filepath.Join(tmp, "other"))
		got, err := EvalDir()
		if !errors.Is(err, ErrNoEvalData) {
			t.Fatalf("EvalDir() = %q, %v, want ErrNoEvalData", got, err)
		}
		for _, s := range []string{"no go.mod of " + ModulePath + " above " + filepath.Join(tmp, "other"), "CHURN_EVAL"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("error %q does not say %q", err, s)
			}
		}
	})
	t.Run("CHURN_EVAL", func(t *testing.T) {
		t.Chdir(filepath.Join(tmp, "other"))
		d := filepath.Join(tmp, "other", "shared", "eval")
		t.Setenv("CHURN_EVAL", d)
		if got, err := EvalDir(); err != nil || got != d {
			t.Errorf("EvalDir() = %q, %v, want %q", got, err, d)
		}
		t.Setenv("CHURN_EVAL", filepath.Join(tmp, "absent"))
		if _, err := EvalDir(); !errors.Is(err, ErrNoEvalData) || !strings.Contains(err.Error(), "absent") {
			t.Errorf("CHURN_EVAL naming a missing folder: %v", err)
		}
	})
	t.Run("no eval beside the module", func(t *testing.T) {
		t.Chdir(filepath.Join(tmp, "repo"))
		if err := os.RemoveAll(filepath.Join(tmp, "shared")); err != nil {
			t.Fatal(err)
		}
		if _, err := EvalDir(); !errors.Is(err, ErrNoEvalData) || !strings.Contains(err.Error(), want+" does not exist") {
			t.Errorf("EvalDir() error %v, want one naming %s", err, want)
		}
	})
}

func TestModulePath(t *testing.T) {
	for _, c := range []struct{ gomod, want string }{
		{"module " + ModulePath + "\n", ModulePath},
		{"// comment\n\nmodule\t\"" + ModulePath + "\" // x\ngo 1.26\n", ModulePath},
		{"module `example.com/a`\n", "example.com/a"},
		{"modules example.com/a\n", ""},
		{"go 1.26\n", ""},
		{"", ""},
	} {
		if got := modulePath([]byte(c.gomod)); got != c.want {
			t.Errorf("modulePath(%q) = %q, want %q", c.gomod, got, c.want)
		}
	}
}
