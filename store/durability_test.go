package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets this test binary act as the writer process that
// TestKill9LosesNothingSaved kills.
func TestMain(m *testing.M) {
	if path := os.Getenv("KEHU_TEST_WRITER"); path != "" {
		os.Exit(writer(path))
	}
	os.Exit(m.Run())
}

// writer adds customers and purchases forever, printing each one after its
// transaction committed ("saved" as the screen would show it).
func writer(path string) int {
	st, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx := context.Background()
	for i := 0; ; i++ {
		ch, err := st.AddCustomer(ctx, map[string]string{"name": fmt.Sprintf("客户%d", i), "notes": strconv.Itoa(i)})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if _, _, err := st.AddPurchase(ctx, ch.ID, PurchaseInput{Amount: strconv.Itoa(i + 1), Date: "2026-11-01"}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("saved %d %d\n", ch.ID, i)
	}
}

func TestKill9LosesNothingSaved(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a writer process")
	}
	path := filepath.Join(t.TempDir(), "ledger.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KEHU_TEST_WRITER="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	saved := map[int64]int{}
	sc := bufio.NewScanner(out)
	deadline := time.Now().Add(30 * time.Second)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "saved" {
			continue
		}
		id, _ := strconv.ParseInt(f[1], 10, 64)
		i, _ := strconv.Atoi(f[2])
		saved[id] = i
		if len(saved) >= 150 || time.Now().After(deadline) {
			break
		}
	}
	// Kill in the middle of the run of writes.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait() // killed: its exit status says so and nothing more
	if len(saved) == 0 {
		t.Fatal("writer reported nothing saved")
	}
	st, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer st.Close()
	ctx := context.Background()
	for id, i := range saved {
		r, err := st.Get(ctx, id)
		if err != nil {
			t.Fatalf("customer %d reported saved is gone: %v", id, err)
		}
		if r.Str("name") != fmt.Sprintf("客户%d", i) || r.Int("total_spend") != int64(i+1)*100 {
			t.Errorf("customer %d: name %q spend %d", id, r.Str("name"), r.Int("total_spend"))
		}
	}
	t.Logf("%d saved changes all present after SIGKILL", len(saved))
}
