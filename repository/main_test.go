package repository_test

import (
	"testing"

	"cooptrack/repository/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
