package web

import "github.com/gin-gonic/gin"

// mountRecordPages mounts the page of each record.
func (s *Server) mountRecordPages(e *gin.Engine) {}
